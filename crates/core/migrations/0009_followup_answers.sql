-- Version 9: an answer to a follow-up letter is an answer to the request it follows up. Replies
-- recorded on follow-up letters before this version are recorded on their originals too (unless
-- the original is closed), as every new one is; the summaries are then rebuilt.

INSERT INTO events (request_id, kind, on_date, outcome, text)
SELECT r.parent_id, 'reply-received', e.on_date, e.outcome, 'reply to follow-up letter ' || r.reference
FROM events e
JOIN requests r ON r.id = e.request_id
WHERE r.parent_id IS NOT NULL
  AND e.kind = 'reply-received'
  AND e.outcome IS NOT NULL
  AND NOT EXISTS (SELECT 1 FROM events c WHERE c.request_id = r.parent_id AND c.kind = 'closed')
ORDER BY e.id;
