"""Plans' reads for pages: read-only functions that answer what one page or block shows, in
a fixed number of queries whatever the history (`goals`: a family member's goals;
`attention`: what a caseload needs of many families' plans)."""
