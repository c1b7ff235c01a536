-- Published figures move only in steps of at least k people (docs/privacy.md, "Reports"):
-- responses belong to releases, and reports read only published counts. A release is published
-- once at least k people have answered (or answered again) since the last one, so two reports
-- asked for on either side of one new answer are the same report.

-- Which release a response belongs to: the one open when it was saved.
ALTER TABLE diagnostic_responses ADD COLUMN release INTEGER NOT NULL DEFAULT 0;
CREATE INDEX diagnostic_responses_release ON diagnostic_responses (diagnostic, IFNULL(workspace, ''), release);

-- The running counts are kept twice over: what is published, and what waits for the open release
-- to be published (then it is added to the published counts and the waiting rows go). A response
-- answered again is taken out of the waiting counts, so published counts change only in steps.
CREATE TABLE diagnostic_counts_published (
  diagnostic TEXT NOT NULL,
  workspace TEXT NOT NULL,         -- '' when none
  week TEXT NOT NULL,
  dimension TEXT NOT NULL,         -- '' for everyone, or role / sourcing / channel
  value TEXT NOT NULL,             -- the slice's value ('' for everyone, '_none' when not given)
  question TEXT NOT NULL,          -- a question id, or _n / _profile / _score_sum
  option TEXT NOT NULL,
  published INTEGER NOT NULL,      -- 1 published; 0 waiting for the open release
  count INTEGER NOT NULL,
  PRIMARY KEY (diagnostic, workspace, week, dimension, value, question, option, published)
) WITHOUT ROWID;
INSERT INTO diagnostic_counts_published
  SELECT diagnostic, workspace, week, dimension, value, question, option, 1, count FROM diagnostic_counts;
DROP TABLE diagnostic_counts;
ALTER TABLE diagnostic_counts_published RENAME TO diagnostic_counts;

-- What is published, per diagnostic and workspace: for the whole group (dimension '') the last
-- release published and the week it was published in (windows end there); for each slice group
-- (role / sourcing / channel and its value) the last release it was shown in; for the comments
-- ('_comments') the last release whose comments are shown.
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
