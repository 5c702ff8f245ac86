CREATE VIEW rpt_claim_reconciliation AS 
SELECT a.period_key AS article_period_key, a.url AS article_url, a.title AS article_title,
       a.site_name, a.published_at, fig.figure_id, fig.sentence, fig.text AS figure_text, fig.kind,
       fig.quantity, c.metric, c.region_code, c.period, c.claimed_value, c.warehouse_value,
       c.difference_pct, c.status, c.tolerance, c.note, a.batch_id
FROM fact_claim_reconciliation c
JOIN news_figure fig ON fig.figure_id = c.figure_id
JOIN news_article a ON a.article_id = fig.article_id
