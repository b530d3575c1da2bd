//! Reading `extendChain`'s JS arguments: the chain request and `resumeFrom`.

use super::chain::{Chain, ChainProgress, ChainRequest};
use crate::error::{Error, Result};
use crate::input::{item_path, Fields, Input};
use crate::prelude::*;
use crate::provider::Provider;
use crate::rules;

/// Validates `{ jobId, videoNo, prompts }` (Legnext) or `{ parentTaskId, prompts, ...APIFrame
/// options }` (APIFrame) and an optional `resumeFrom: { finishedTaskIds, pendingTaskId? }`.
pub fn parse_chain(
    provider: Provider,
    request: &Input,
    resume_from: &Input,
) -> Result<ChainRequest> {
    let f = Fields::open("request", request)?;
    let prompts = match f.get("prompts") {
        Input::Array(items) => items,
        Input::Undefined => {
            return Err(Error::invalid(
                "prompts",
                "prompts is required: one entry per extension",
            ))
        }
        other => return Err(other.refused("prompts", "an array with one entry per extension")),
    };
    let legnext = provider == Provider::Legnext;
    let (parent, video_no, options) = if legnext {
        f.deny_unknown(
            &["jobId", "videoNo", "prompts"],
            &[("prompt", "a chain takes prompts, one per step")],
        )?;
        let job_id = rules::uuid("jobId", f.get("jobId"), true)?;
        let video_no = f.integer("videoNo", 0, 3, true)?.unwrap_or(0) as u8;
        (job_id, video_no, Input::Undefined)
    } else {
        let parent_task_id = rules::non_blank("parentTaskId", f.get("parentTaskId"), true)?;
        // Every other key is a per-step APIFrame option, validated by the extension request.
        let options = match request {
            Input::Object { entries, plain } => {
                let mut kept = Vec::new();
                for (k, v) in entries {
                    if k != "parentTaskId" && k != "prompts" {
                        kept.push((k.clone(), v.clone()));
                    }
                }
                Input::Object {
                    entries: kept,
                    plain: *plain,
                }
            }
            _ => Input::Object {
                entries: Vec::new(),
                plain: true,
            },
        };
        (parent_task_id, 0, options)
    };
    // Legnext: an absent prompt extends without one; APIFrame: every step needs one.
    let mut steps = Vec::with_capacity(prompts.len());
    for (i, p) in prompts.iter().enumerate() {
        steps.push(match p {
            Input::Undefined | Input::Null if legnext => None,
            other => {
                rules::prompt(&item_path("prompts", i), other, true, legnext)?.map(str::to_string)
            }
        });
    }
    let chain = Chain {
        provider,
        parent: parent.unwrap_or_default().to_string(),
        video_no,
        prompts: steps,
        options,
    };
    Ok(ChainRequest {
        chain,
        resume_from: parse_progress(resume_from)?,
    })
}

fn parse_progress(value: &Input) -> Result<Option<ChainProgress>> {
    if value.is_undefined() {
        return Ok(None);
    }
    let f = Fields::open("resumeFrom", value)?;
    f.deny_unknown(&["finishedTaskIds", "pendingTaskId"], &[])?;
    let finished_task_ids = match f.get("finishedTaskIds") {
        Input::Array(items) => {
            let mut ids = Vec::with_capacity(items.len());
            for (i, item) in items.iter().enumerate() {
                ids.push(
                    rules::non_blank(&item_path("resumeFrom.finishedTaskIds", i), item, true)?
                        .unwrap_or_default()
                        .to_string(),
                );
            }
            ids
        }
        other => {
            return Err(other.refused(
                "resumeFrom.finishedTaskIds",
                "an array of task ids (from the error's resumeFrom)",
            ))
        }
    };
    let pending_task_id =
        rules::non_blank("resumeFrom.pendingTaskId", f.get("pendingTaskId"), false)?
            .map(str::to_string);
    Ok(Some(ChainProgress {
        finished_task_ids,
        pending_task_id,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    const JOB: &str = "b24ffa07-7b76-49a2-963e-f6c527f7cec7";

    #[test]
    fn legnext_chain() {
        let req = Input::object(vec![
            ("jobId", Input::str(JOB)),
            ("videoNo", Input::Number(2.0)),
            (
                "prompts",
                Input::Array(vec![Input::str("a"), Input::Undefined, Input::str("c")]),
            ),
        ]);
        let c = parse_chain(Provider::Legnext, &req, &Input::Undefined)
            .ok()
            .map(|c| c.chain);
        assert_eq!(
            c,
            Some(Chain {
                provider: Provider::Legnext,
                parent: JOB.into(),
                video_no: 2,
                prompts: vec![Some("a".into()), None, Some("c".into())],
                options: Input::Undefined,
            })
        );
        for (key, bad, field) in [
            ("prompts", Input::str("a"), "prompts"),
            (
                "prompts",
                Input::Array(vec![Input::Number(1.0)]),
                "prompts[0]",
            ),
            ("prompts", Input::Array(vec![Input::str("")]), "prompts[0]"),
            ("jobId", Input::str("x"), "jobId"),
            ("prompt", Input::str("x"), "prompt"),
        ] {
            let mut entries = vec![
                ("jobId", Input::str(JOB)),
                ("videoNo", Input::Number(0.0)),
                ("prompts", Input::Array(vec![Input::str("a")])),
            ];
            entries.retain(|(k, _)| *k != key);
            entries.push((key, bad));
            let e = parse_chain(
                Provider::Legnext,
                &Input::object(entries),
                &Input::Undefined,
            )
            .err();
            assert_eq!(
                e.and_then(|e| e.field.clone()).as_deref(),
                Some(field),
                "{key}"
            );
        }
    }

    #[test]
    fn apiframe_chain_keeps_the_step_options() {
        let req = Input::object(vec![
            ("parentTaskId", Input::str("p1")),
            (
                "prompts",
                Input::Array(vec![Input::str("a"), Input::str("b")]),
            ),
            ("aspectRatio", Input::str("16:9")),
        ]);
        let c = parse_chain(Provider::Apiframe, &req, &Input::Undefined)
            .ok()
            .map(|c| c.chain);
        let Some(Chain {
            provider: Provider::Apiframe,
            parent,
            video_no: 0,
            prompts,
            options,
        }) = c
        else {
            unreachable!("an APIFrame chain was expected")
        };
        assert_eq!((parent.as_str(), prompts.len()), ("p1", 2));
        assert_eq!(
            options,
            Input::object(vec![("aspectRatio", Input::str("16:9"))])
        );
        let blank = Input::object(vec![
            ("parentTaskId", Input::str("p1")),
            ("prompts", Input::Array(vec![Input::str(" ")])),
        ]);
        assert!(parse_chain(Provider::Apiframe, &blank, &Input::Undefined).is_err());
    }

    #[test]
    fn resume_from() {
        let req = Input::object(vec![
            ("parentTaskId", Input::str("p1")),
            ("prompts", Input::Array(vec![Input::str("a")])),
        ]);
        let resume = Input::object(vec![
            ("finishedTaskIds", Input::Array(vec![Input::str("t1")])),
            ("pendingTaskId", Input::str("t2")),
        ]);
        let r = parse_chain(Provider::Apiframe, &req, &resume)
            .ok()
            .and_then(|c| c.resume_from);
        assert_eq!(
            r,
            Some(ChainProgress {
                finished_task_ids: vec!["t1".into()],
                pending_task_id: Some("t2".into())
            })
        );
        let bad = Input::object(vec![("finishedTaskIds", Input::str("t1"))]);
        let e = parse_chain(Provider::Apiframe, &req, &bad).err();
        assert_eq!(
            e.and_then(|e| e.field.clone()).as_deref(),
            Some("resumeFrom.finishedTaskIds")
        );
    }
}
