-- Weekly digests: which channels get one and when, and a record of each (channel, week) made
-- before anything is posted, so a restart or a second replica never posts twice.

CREATE TABLE digest_subscriptions (
  id INTEGER PRIMARY KEY,
  platform TEXT NOT NULL,          -- slack | teams
  channel TEXT NOT NULL,           -- the platform's channel or conversation id (a place, not a person)
  label TEXT,                      -- what to call it in status messages, e.g. #platform-ops
  workspace TEXT,                  -- pseudonym of the workspace or tenant, whose figures it shows
  address TEXT,                    -- how to reach it later (Teams conversation reference, JSON)
  weekday INTEGER NOT NULL,        -- 1 = Monday ... 7 = Sunday
  time TEXT NOT NULL,              -- HH:MM, local to timezone
  timezone TEXT NOT NULL,          -- IANA, e.g. Europe/London
  active INTEGER NOT NULL DEFAULT 1,
  UNIQUE (platform, channel)
);

CREATE TABLE digest_sends (
  subscription INTEGER NOT NULL REFERENCES digest_subscriptions (id) ON DELETE CASCADE,
  week TEXT NOT NULL,              -- ISO week in the channel's time zone
  status TEXT NOT NULL,            -- sending | sent | failed | skipped
  attempts INTEGER NOT NULL DEFAULT 1,
  tip TEXT,                        -- the article shown as tip of the week (rotation)
  PRIMARY KEY (subscription, week)
) WITHOUT ROWID;
