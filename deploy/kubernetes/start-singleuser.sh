#!/bin/sh
# Start a user's server with nbgrader set up for their role (COURSE_ROLE, set by the Hub's
# pre_spawn_hook in values.yaml): students get the Assignments tab and Validate, not the formgrader.
# Same per-role settings as deploy/class_setup.py uses on one server.
set -e
if [ "${COURSE_ROLE:-student}" != "instructor" ]; then
    for plugin in formgrader create-assignment course-list; do
        jupyter labextension disable --level=user "@jupyter/nbgrader:$plugin" >/dev/null
    done
    jupyter server extension disable --user nbgrader.server_extensions.formgrader >/dev/null
    jupyter server extension disable --user nbgrader.server_extensions.course_list >/dev/null
fi
exec jupyterhub-singleuser "$@"
