"""The PostgreSQL implementation of the store interface: one project per database (its
tables in the schema `annotator`), for a team working on one project from many machines.
Needs the optional extra `postgres` (psycopg)."""
