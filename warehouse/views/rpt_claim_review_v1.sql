CREATE VIEW rpt_claim_review AS 
SELECT * FROM rpt_claim_reconciliation WHERE status = 'needs_review'
