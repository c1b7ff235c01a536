-- Diagnostics: conversations in progress, what each person chose to tell us once, and the
-- pseudonymised responses reports are built from. No user ids, names or times of day.

CREATE TABLE people (
  person TEXT PRIMARY KEY,         -- pseudonym of the platform user
  notice_seen INTEGER NOT NULL DEFAULT 0,
  context_asked INTEGER NOT NULL DEFAULT 0,
  role TEXT,                       -- context answers (codes), or NULL when skipped
  sourcing TEXT
) WITHOUT ROWID;

CREATE TABLE diagnostic_sessions (
  id TEXT PRIMARY KEY,             -- random; buttons carry it
  person TEXT NOT NULL,
  diagnostic TEXT NOT NULL,
  version INTEGER NOT NULL,
  stage TEXT NOT NULL,             -- notice | context | consent | question | comment | done | cancelled | expired
  step INTEGER NOT NULL,
  answers TEXT NOT NULL,           -- JSON: question id -> option code
  workspace TEXT,                  -- pseudonym of the workspace or tenant
  channel TEXT,                    -- pseudonym of the channel or team it was started from, if offered
  channel_consent INTEGER,         -- 1 when the person agreed to count towards that channel
  expires_hour INTEGER NOT NULL    -- hours since the epoch; refreshed on every answer
) WITHOUT ROWID;
-- One diagnostic of each kind in progress per person.
CREATE UNIQUE INDEX diagnostic_sessions_active ON diagnostic_sessions (person, diagnostic)
  WHERE stage NOT IN ('done', 'cancelled', 'expired');

CREATE TABLE diagnostic_responses (
  id INTEGER PRIMARY KEY,
  respondent TEXT NOT NULL,        -- HMAC of person, diagnostic and week: a repeat in the same week replaces
  diagnostic TEXT NOT NULL,
  version INTEGER NOT NULL,
  week TEXT NOT NULL,              -- ISO week, e.g. 2026-W48
  day TEXT NOT NULL,               -- YYYY-MM-DD, for retention only
  score INTEGER,                   -- 0..100, NULL when too few questions were answered
  profile TEXT,
  role TEXT,
  sourcing TEXT,
  workspace TEXT,
  channel TEXT,                    -- only with the person's consent
  comment TEXT,                    -- scrubbed; never shown below the reporting threshold
  UNIQUE (respondent, diagnostic)
);
CREATE INDEX diagnostic_responses_window ON diagnostic_responses (diagnostic, week);
-- Reports look for comments; most responses have none.
CREATE INDEX diagnostic_responses_comments ON diagnostic_responses (diagnostic, week) WHERE comment IS NOT NULL;

CREATE TABLE diagnostic_answers (
  response_id INTEGER NOT NULL REFERENCES diagnostic_responses (id) ON DELETE CASCADE,
  question TEXT NOT NULL,
  option TEXT NOT NULL,            -- option code, or not-sure / skipped
  score INTEGER,                   -- 0..3, NULL for not-sure / skipped
  PRIMARY KEY (response_id, question)
) WITHOUT ROWID;

-- Running counts that reports read instead of scanning every answer: per week and workspace,
-- for the whole group (dimension '') each question's options, and for the whole group and each
-- slice (role, sourcing, channel) the number of responses ('_n'), the profiles ('_profile')
-- and the sum of scores ('_score_sum'). Kept up to date as responses are saved or replaced, and
-- after retention only the whole-group counts remain.
CREATE TABLE diagnostic_counts (
  diagnostic TEXT NOT NULL,
  week TEXT NOT NULL,
  workspace TEXT NOT NULL,         -- '' when none
  dimension TEXT NOT NULL,         -- '' for everyone, or role / sourcing / channel
  value TEXT NOT NULL,             -- the slice's value ('' for everyone, '_none' when not given)
  question TEXT NOT NULL,          -- a question id, or _n / _profile / _score_sum
  option TEXT NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (diagnostic, week, workspace, dimension, value, question, option)
) WITHOUT ROWID;
