"""Task bodies for the Airflow DAGs: each DAG task calls exactly one function from here.

Only small, personal-data-free values (periods, file paths, batch ids, counts) cross task
boundaries, because XComs are stored in Airflow's metadata database.
"""
