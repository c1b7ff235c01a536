-- Follow-ups: an experiment a person picked after a diagnostic, the check-in that asks how it
-- went, and whether they retook the diagnostic. People appear only as a follow-up pseudonym;
-- the platform address needed to send the check-in is kept sealed, and only while a check-in
-- (or the one reminder) waits to be sent.

CREATE TABLE followups (
  id TEXT PRIMARY KEY,             -- random; the check-in's buttons carry it
  person TEXT NOT NULL,            -- HMAC of the person pseudonym, used for follow-ups only
  workspace TEXT,                  -- pseudonym of the workspace or tenant, for group figures
  diagnostic TEXT NOT NULL,
  question TEXT NOT NULL,          -- the weak answer the experiment addresses
  experiment TEXT NOT NULL,        -- id in prompts/experiments/
  kind TEXT NOT NULL,              -- the experiment's kind, copied so figures survive content edits
  score_before INTEGER,            -- the diagnostic's score when it was picked (NULL: too few answers)
  picked_week TEXT NOT NULL,       -- ISO week
  picked_day TEXT NOT NULL,        -- YYYY-MM-DD, for retention only
  weeks INTEGER NOT NULL,          -- the interval chosen, 1..4
  due_day TEXT,                    -- YYYY-MM-DD the check-in or reminder is due; NULL once asked
  status TEXT NOT NULL,            -- waiting | sending | asked | deciding | done | cancelled | dropped
  reminder INTEGER NOT NULL DEFAULT 0, -- 1 once the one reminder has been asked for
  attempts INTEGER NOT NULL DEFAULT 0,
  claimed_hour INTEGER,            -- hours since the epoch of the last send claim (stale claims are dropped)
  platform TEXT NOT NULL,          -- slack | teams | terminal
  address TEXT,                    -- sealed platform address; NULL except while a send waits
  outcome TEXT,                    -- helped | no-change | worse | not-yet
  answered_week TEXT,              -- ISO week of the latest answer
  comment TEXT,                    -- scrubbed; shown only in private reports above the thresholds
  score_after INTEGER,             -- the latest retake's score, in a later week
  retaken_week TEXT
) WITHOUT ROWID;
-- One check-in waiting per person and diagnostic.
CREATE UNIQUE INDEX followups_waiting ON followups (person, diagnostic) WHERE status IN ('waiting', 'sending');
CREATE INDEX followups_due ON followups (status, due_day);
CREATE INDEX followups_person ON followups (person);
