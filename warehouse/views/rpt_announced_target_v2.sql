CREATE VIEW rpt_announced_target AS 
SELECT * FROM rpt_claim_reconciliation WHERE modality = 'target' AND status NOT IN ('needs_review', 'not_a_claim')
