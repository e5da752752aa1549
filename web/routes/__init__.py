"""The web app's routes, one module a page: log-in, queue and uploads, a submission's checklist
and actions, documents, charts, the audit trail and exports, accounts, and the JSON API."""
