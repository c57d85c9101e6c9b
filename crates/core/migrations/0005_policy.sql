-- Version 5: where a service's details were read from (a privacy policy's URL or file name) and
-- on which date.

ALTER TABLE services ADD COLUMN policy_source TEXT;
ALTER TABLE services ADD COLUMN policy_read_on TEXT CHECK (policy_read_on IS NULL OR date(policy_read_on) = policy_read_on);
