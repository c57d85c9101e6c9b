-- Version 2: each request keeps a summary derived from its timeline (status, dates), so lists
-- filter and sort in SQL. Privacy Desk rewrites it in the same transaction as every event.

ALTER TABLE requests ADD COLUMN status TEXT NOT NULL DEFAULT 'draft';
ALTER TABLE requests ADD COLUMN sent_on TEXT;
ALTER TABLE requests ADD COLUMN due_on TEXT;
ALTER TABLE requests ADD COLUMN lawsuit_on TEXT;
CREATE INDEX requests_by_status ON requests (status, due_on);
