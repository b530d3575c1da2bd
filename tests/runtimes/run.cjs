// The shared scenario from CommonJS: the package through require(), the scenario (ESM) through
// import(). Usage: node tests/runtimes/run.cjs <emulator URL>
"use strict";
const sdk = require("video-extend");
const hooks = require("video-extend/webhooks");

import("./scenario.mjs")
  .then(({ runScenario }) => runScenario(sdk, process.argv[2], hooks))
  .then((report) => {
    report.entry = require.resolve("video-extend").split("/").pop();
    console.log("SCENARIO " + JSON.stringify(report));
  });
