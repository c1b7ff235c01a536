-- Short-lived conversation memory, the answer log behind feedback and knowledge gaps, and
-- the record of platform events already handled. No user ids, names or times of day are stored:
-- keys are keyed-HMAC pseudonyms, free text is scrubbed, dates are days, expiries are hours.

CREATE TABLE conversation_turns (
  conversation TEXT NOT NULL,      -- pseudonym of the platform conversation or thread
  seq INTEGER NOT NULL,
  question TEXT NOT NULL,          -- scrubbed
  answer TEXT NOT NULL,            -- the start of the coach's reply, for context only
  expires_hour INTEGER NOT NULL,   -- hours since the epoch, rounded up
  PRIMARY KEY (conversation, seq)
) WITHOUT ROWID;
CREATE INDEX conversation_turns_expiry ON conversation_turns (expires_hour);

CREATE TABLE answers (
  id TEXT PRIMARY KEY,             -- random; buttons carry it
  day TEXT NOT NULL,               -- YYYY-MM-DD
  question TEXT NOT NULL,          -- scrubbed
  answered INTEGER NOT NULL,
  reason TEXT,                     -- why it declined, when it did
  top_article TEXT,
  reply TEXT                       -- the reply as JSON, kept a short while so it can be shared
) WITHOUT ROWID;
CREATE INDEX answers_day ON answers (day);

CREATE TABLE feedback (
  answer_id TEXT NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
  respondent TEXT NOT NULL,        -- pseudonym; one vote per person per answer, the last click wins
  helpful INTEGER NOT NULL,
  day TEXT NOT NULL,
  PRIMARY KEY (answer_id, respondent)
) WITHOUT ROWID;

CREATE TABLE processed_events (
  id TEXT PRIMARY KEY,             -- the platform's event id
  expires_hour INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX processed_events_expiry ON processed_events (expires_hour);
