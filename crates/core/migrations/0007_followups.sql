-- Version 7: follow-up letters are requests of their own (sent, tracked and answered the same
-- way) that name the request they follow up and which kind of follow-up they are.

ALTER TABLE requests ADD COLUMN parent_id INTEGER REFERENCES requests(id);
ALTER TABLE requests ADD COLUMN followup TEXT;
