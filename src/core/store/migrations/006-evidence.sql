-- Evidence from records: incidents and production deployments imported from exports people
-- download (PagerDuty Analytics, ServiceNow, a deployments list, GitHub deployments). Services,
-- not people: no callers, assignees, responders, descriptions or notes; coarse time only (the
-- day, plus whether it began outside working hours); durations in whole seconds.

CREATE TABLE evidence_incidents (
  source TEXT NOT NULL,            -- pagerduty | servicenow
  record TEXT NOT NULL,            -- the export's own id (PagerDuty incident id, ServiceNow number)
  service TEXT NOT NULL,
  day TEXT NOT NULL,               -- YYYY-MM-DD (UTC) it was created
  after_hours INTEGER NOT NULL,    -- 1 when created outside Monday-Friday 08:00-18:00 in OPSCOACH_TIMEZONE
  ack_seconds INTEGER,             -- until first acknowledged; NULL when unknown
  restore_seconds INTEGER,         -- until resolved; NULL while open or unknown
  handoffs INTEGER,                -- times it changed hands after the first assignment; NULL when unknown
  priority TEXT,                   -- the export's own label, e.g. P1 or "2 - High"
  PRIMARY KEY (source, record)
) WITHOUT ROWID;
CREATE INDEX evidence_incidents_day ON evidence_incidents (day, service);

CREATE TABLE evidence_deployments (
  source TEXT NOT NULL,            -- deployments | github
  record TEXT NOT NULL,            -- the export's id, or a hash of service and time when it has none
  service TEXT NOT NULL,
  day TEXT NOT NULL,               -- YYYY-MM-DD (UTC) it reached production
  lead_seconds INTEGER,            -- from the oldest commit in the change; NULL when unknown
  outcome TEXT,                    -- success | failure | rolled_back; NULL when unknown
  PRIMARY KEY (source, record)
) WITHOUT ROWID;
CREATE INDEX evidence_deployments_day ON evidence_deployments (day, service);
