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
  retaken_week TEXT,
  release INTEGER NOT NULL,        -- the release of its workspace its latest change to the figures went into
  answer_release INTEGER,          -- ... its latest check-in answer went into
  comment_release INTEGER          -- ... its comment went into
) WITHOUT ROWID;
-- One check-in waiting per person and diagnostic.
CREATE UNIQUE INDEX followups_waiting ON followups (person, diagnostic) WHERE status IN ('waiting', 'sending');
CREATE INDEX followups_due ON followups (status, due_day);
CREATE INDEX followups_person ON followups (person);
CREATE INDEX followups_release ON followups (IFNULL(workspace, ''), release);

-- Group figures about experiments move only in steps of at least k people, like every report
-- (docs/privacy.md, "Reports"; migration 007 for diagnostics): a workspace's open release is
-- published once k people have picked, answered, commented, retaken or cancelled in it, and
-- reports read only what was published. Published rows are copies of the follow-ups as they
-- stood then; past retention they keep what the figures count and lose the pseudonym and comment.
CREATE TABLE followup_published (
  id TEXT PRIMARY KEY,
  workspace TEXT NOT NULL,         -- '' when none (the terminal)
  person TEXT NOT NULL,            -- the follow-up pseudonym; 'expired:…' past retention
  kind TEXT NOT NULL,
  picked_week TEXT NOT NULL,       -- the week the figures count it in
  outcome TEXT,
  comment TEXT,
  score_before INTEGER,
  score_after INTEGER,
  retaken_week TEXT,
  release INTEGER NOT NULL,
  answer_release INTEGER,
  comment_release INTEGER
) WITHOUT ROWID;
CREATE INDEX followup_published_week ON followup_published (workspace, picked_week);

-- What is published, per workspace, as report_releases is for diagnostics: for everyone
-- (dimension '') the last release and the week it was published in (windows end there); for
-- each kind of experiment ('kind', its id) the last release it was shown in; for check-in
-- comments ('_comments') the last release whose comments are shown.
CREATE TABLE followup_releases (
  workspace TEXT NOT NULL,
  dimension TEXT NOT NULL,
  value TEXT NOT NULL,
  release INTEGER NOT NULL,
  week TEXT NOT NULL,
  PRIMARY KEY (workspace, dimension, value)
) WITHOUT ROWID;
