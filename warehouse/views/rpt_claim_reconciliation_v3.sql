CREATE VIEW rpt_claim_reconciliation AS 
SELECT a.period_key AS article_period_key, a.url AS article_url, a.title AS article_title,
       a.site_name, a.published_at, fig.figure_id, fig.sentence, fig.text AS figure_text, fig.kind,
       fig.quantity, c.metric, c.modality, c.scope, c.region_code, c.period, c.programmes, c.segment,
       c.funding_source, fig.occupation, fig.branch, fig.actor, fig.cues, c.claimed_value, c.warehouse_value,
       c.warehouse_period, c.difference_pct, c.progress_pct, c.status, c.tolerance, c.basis, c.note, a.batch_id,
       a.is_canonical, fig.needs_review, c.review_reasons, c.review_id, c.reviewer
FROM fact_claim_reconciliation c
JOIN news_figure fig ON fig.figure_id = c.figure_id
JOIN news_article a ON a.article_id = fig.article_id
