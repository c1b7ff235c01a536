-- What start-up derives from the knowledge base and the word lists (parsed articles, everyday
-- word statistics), kept so the next start reads it instead of working it out again. Each entry
-- carries a fingerprint of everything it was derived from (content, code, package versions);
-- a different fingerprint means it is worked out again and replaced. No data about people.
CREATE TABLE derived_cache (
  name TEXT PRIMARY KEY,
  fingerprint TEXT NOT NULL,
  data BLOB NOT NULL
) WITHOUT ROWID;
