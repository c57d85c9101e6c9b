-- Version 8: each request's summary also keeps the day its next step falls due (the start screen
-- lists next steps in SQL), and a profile keeps the person's country of residence (which
-- regulator a complaint goes to).

ALTER TABLE requests ADD COLUMN next_on TEXT;
CREATE INDEX requests_by_next ON requests (next_on);
ALTER TABLE profiles ADD COLUMN country TEXT;
