-- Published figures move only in steps of at least k people (docs/privacy.md, "Reports"):
-- responses and the running counts they add to are kept per release, and a group's figures are
-- read only from releases already published for it. A release is published once at least k
-- people have answered (or answered again) since the last one, so two reports asked for on either
-- side of one new answer are the same report.

-- Which release a response belongs to: the one open when it was saved.
ALTER TABLE diagnostic_responses ADD COLUMN release INTEGER NOT NULL DEFAULT 0;
CREATE INDEX diagnostic_responses_release ON diagnostic_responses (diagnostic, IFNULL(workspace, ''), release);

-- The running counts gain the release in their key. A response answered again is taken out of the
-- counts in the release that is open then, not in its own, so a published release never changes.
CREATE TABLE diagnostic_counts_by_release (
  diagnostic TEXT NOT NULL,
  workspace TEXT NOT NULL,         -- '' when none
  week TEXT NOT NULL,
  dimension TEXT NOT NULL,         -- '' for everyone, or role / sourcing / channel
  value TEXT NOT NULL,             -- the slice's value ('' for everyone, '_none' when not given)
  question TEXT NOT NULL,          -- a question id, or _n / _profile / _score_sum
  option TEXT NOT NULL,
  release INTEGER NOT NULL,
  count INTEGER NOT NULL,
  PRIMARY KEY (diagnostic, workspace, week, dimension, value, question, option, release)
) WITHOUT ROWID;
INSERT INTO diagnostic_counts_by_release
  SELECT diagnostic, workspace, week, dimension, value, question, option, 0, count FROM diagnostic_counts;
DROP TABLE diagnostic_counts;
ALTER TABLE diagnostic_counts_by_release RENAME TO diagnostic_counts;

-- What is published, per diagnostic, workspace and group: the whole group (dimension ''), each
-- slice group (role / sourcing / channel and its value), and the comments ('_comments'). A group
-- shows the counts of releases up to `release`, as of `week` (its windows end there).
CREATE TABLE report_releases (
  diagnostic TEXT NOT NULL,
  workspace TEXT NOT NULL,
  dimension TEXT NOT NULL,
  value TEXT NOT NULL,
  release INTEGER NOT NULL,
  week TEXT NOT NULL,
  PRIMARY KEY (diagnostic, workspace, dimension, value)
) WITHOUT ROWID;

-- Everything answered before this version stays visible as it was: release 0, published as of
-- the latest week it has answers in.
INSERT INTO report_releases (diagnostic, workspace, dimension, value, release, week)
  SELECT diagnostic, workspace, dimension, value, 0, MAX(week) FROM diagnostic_counts
   WHERE question = '_n' GROUP BY diagnostic, workspace, dimension, value HAVING SUM(count) > 0;
INSERT INTO report_releases (diagnostic, workspace, dimension, value, release, week)
  SELECT diagnostic, IFNULL(workspace, ''), '_comments', '', 0, MAX(week) FROM diagnostic_responses
   GROUP BY diagnostic, IFNULL(workspace, '');
