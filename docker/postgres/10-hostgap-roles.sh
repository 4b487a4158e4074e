#!/usr/bin/env bash
# Creates hostgap's two database roles when the compose file's PostgreSQL is first initialised. The
# postgres image runs /docker-entrypoint-initdb.d/* once, on an empty data directory, as its
# superuser, while the server listens only on its socket. This script runs docker/postgres/roles.sql
# (the one place the roles and grants are written; mounted at $HOSTGAP_ROLES_SQL) in $POSTGRES_DB,
# then gives the two login roles their passwords:
#
#   HOSTGAP_OWNER_PASSWORD or HOSTGAP_OWNER_PASSWORD_FILE   hostgap_owner (spring.flyway.password)
#   HOSTGAP_APP_PASSWORD   or HOSTGAP_APP_PASSWORD_FILE     hostgap_app   (spring.datasource.password)
#
# A *_FILE variable names a file that holds the password (a docker secret: /run/secrets/NAME).
# The passwords reach psql through its environment (\getenv), never its command line.
#
# The entrypoint runs this file when it is executable and sources it when it is not; the work
# happens in a subshell either way, so its shell options and variables never leak into the entrypoint.

hostgap_roles() (
    set -euo pipefail
    me=10-hostgap-roles.sh

    # secret NAME: prints $NAME, or the contents of the file $NAME_FILE names
    secret() {
        local name=$1 file_var="$1_FILE"
        if [ -n "${!name:-}" ] && [ -n "${!file_var:-}" ]; then
            echo "$me: set $name or $file_var, not both" >&2
            return 1
        elif [ -n "${!file_var:-}" ]; then
            local value
            value=$(< "${!file_var}")
            [ -n "$value" ] || { echo "$me: $file_var names an empty file (${!file_var})" >&2; return 1; }
            printf '%s' "$value"
        elif [ -n "${!name:-}" ]; then
            printf '%s' "${!name}"
        else
            echo "$me: set $name (or $file_var): the password of its role" >&2
            return 1
        fi
    }

    HOSTGAP_OWNER_PASSWORD=$(secret HOSTGAP_OWNER_PASSWORD)
    HOSTGAP_APP_PASSWORD=$(secret HOSTGAP_APP_PASSWORD)
    export HOSTGAP_OWNER_PASSWORD HOSTGAP_APP_PASSWORD
    unset HOSTGAP_OWNER_PASSWORD_FILE HOSTGAP_APP_PASSWORD_FILE

    roles_sql=${HOSTGAP_ROLES_SQL:-/etc/hostgap/roles.sql}
    [ -r "$roles_sql" ] || { echo "$me: cannot read $roles_sql (docker/postgres/roles.sql)" >&2; return 1; }
    psql=(psql -v ON_ERROR_STOP=1 --no-psqlrc --no-password
          --username "${POSTGRES_USER:-postgres}" --dbname "${POSTGRES_DB:-hostgap}")

    echo "$me: creating hostgap_owner and hostgap_app in database ${POSTGRES_DB:-hostgap} ($roles_sql)"
    "${psql[@]}" --quiet -f "$roles_sql"
    "${psql[@]}" --quiet <<'SQL'
\getenv owner_password HOSTGAP_OWNER_PASSWORD
\getenv app_password HOSTGAP_APP_PASSWORD
alter role hostgap_owner password :'owner_password';
alter role hostgap_app password :'app_password';
SQL
    echo "$me: passwords of hostgap_owner and hostgap_app set"
)

hostgap_roles
