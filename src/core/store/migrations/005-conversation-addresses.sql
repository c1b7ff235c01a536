-- How to reach a conversation later without being asked (Teams proactive messages need the
-- conversation reference from an earlier activity). Places, not people.
CREATE TABLE conversation_addresses (
  platform TEXT NOT NULL,
  conversation TEXT NOT NULL,
  team TEXT,                       -- the team the conversation belongs to, if any
  address TEXT NOT NULL,           -- JSON
  PRIMARY KEY (platform, conversation)
) WITHOUT ROWID;
