#!/usr/bin/env bash
# A small LDAP directory (OpenLDAP's slapd) for Strata's LDAP login tests. See README.md, "An LDAP directory".
#
#   tools/test-env/ldap.sh start    install slapd and ldap-utils when missing (as root), build the directory (two
#                                   tenants, users, groups) in a folder of its own, start slapd on 127.0.0.1, wait
#                                   until it answers, print KEY=VALUE lines for the tests
#   tools/test-env/ldap.sh stop     stop that slapd and remove its folder, database included
#   tools/test-env/ldap.sh status   print the KEY=VALUE lines and exit 0 when it answers, else exit 1
#
# TEST ONLY: plain ldap:// (no TLS) on 127.0.0.1, fixed passwords printed for anyone to read. Never use this
# directory, its configuration or its passwords for anything but tests. The machine's own /etc/ldap is never
# touched: slapd runs with its own cn=config folder, and Debian's package is told not to make a directory of its
# own. Idempotent: start on a directory that answers only prints its lines.
set -euo pipefail

SCRIPT_NAME="ldap.sh"
# shellcheck source-path=SCRIPTDIR
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

PORT="${STRATA_TEST_LDAP_PORT:-10389}"
URL="ldap://127.0.0.1:$PORT"
DIR=/var/lib/strata-test-env/ldap
PID_FILE="$DIR/run/slapd.pid"
BASE_DN="dc=strata,dc=test"
ADMIN_DN="cn=admin,$BASE_DN"
ADMIN_PASSWORD="directory-admin-pass"
BIND_DN="cn=strata-karaf,ou=services,$BASE_DN"
BIND_PASSWORD="karaf-bind-pass"
# name:password:what the user is (documentation only; the groups below make it so)
LDAP_USERS=(
    "adam:adam-pass:admin (group strata-admins)"
    "oscar:oscar-pass:operator (group strata-operators)"
    "vera:vera-pass:viewer (group strata-viewers; also in another application's group named admin)"
    "alice:alice-pass:tenant admin of acme (groups strata-tenant-admins, tenant:acme)"
    "bob:bob-pass:tenant user of acme (groups strata-tenant-users, tenant:acme)"
    "carol:carol-pass:tenant user of globex (groups strata-tenant-users, tenant:globex)"
    "dave:dave-pass:tenant user of globex (groups strata-tenant-users, tenant:globex; the tenant-scoping test's)"
)
# group:members (groupOfNames). Groups strata-* are mapped to Strata's roles by role.mapping; tenant:* groups are
# roles as they are named; "admin" stands for a group of another application that must NOT become a Strata role.
LDAP_GROUPS=(
    "strata-admins:adam"
    "strata-operators:oscar"
    "strata-viewers:vera"
    "strata-tenant-admins:alice"
    "strata-tenant-users:bob carol dave"
    "tenant:acme:alice bob"
    "tenant:globex:carol dave"
    "admin:vera"
)

answers_ldap() {
    timeout 5 ldapsearch -x -LLL -H "$URL" -b "" -s base namingContexts >/dev/null 2>&1
}

running() {
    [ -r "$PID_FILE" ] && [ "$(cat "/proc/$(pid_of "$PID_FILE")/comm" 2>/dev/null)" = slapd ]
}

print_lines() {
    local u
    echo "STRATA_TEST_LDAP_URL=$URL"
    echo "STRATA_TEST_LDAP_BASE_DN=$BASE_DN"
    echo "STRATA_TEST_LDAP_BIND_DN=$BIND_DN"
    echo "STRATA_TEST_LDAP_BIND_PASSWORD=$BIND_PASSWORD"
    echo "STRATA_TEST_LDAP_ADMIN_DN=$ADMIN_DN"
    echo "STRATA_TEST_LDAP_ADMIN_PASSWORD=$ADMIN_PASSWORD"
    for u in "${LDAP_USERS[@]}"; do
        IFS=: read -r name password _ <<<"$u"
        echo "STRATA_TEST_LDAP_PASSWORD_${name^^}=$password"
    done
}

# Debian's slapd package builds a directory of its own under /etc/ldap and /var/lib/ldap unless debconf says no.
ensure_ldap_packages() {
    local missing=() p
    for p in slapd ldap-utils; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    is_root || die "missing system packages; run: sudo apt-get install ${missing[*]}"
    echo "slapd slapd/no_configuration boolean true" | debconf-set-selections
    install_packages "${missing[@]}"
}

hash_password() { /usr/sbin/slappasswd -h '{SSHA}' -s "$1"; }

config_ldif() {
    cat <<EOF
dn: cn=config
objectClass: olcGlobal
cn: config
olcPidFile: $PID_FILE
olcArgsFile: $DIR/run/slapd.args

dn: cn=module{0},cn=config
objectClass: olcModuleList
cn: module{0}
olcModulePath: /usr/lib/ldap
olcModuleLoad: back_mdb

dn: cn=schema,cn=config
objectClass: olcSchemaConfig
cn: schema

include: file:///etc/ldap/schema/core.ldif

include: file:///etc/ldap/schema/cosine.ldif

include: file:///etc/ldap/schema/inetorgperson.ldif

dn: olcDatabase={-1}frontend,cn=config
objectClass: olcDatabaseConfig
objectClass: olcFrontendConfig
olcDatabase: {-1}frontend
olcAccess: {0}to dn.base="" by * read
olcAccess: {1}to dn.base="cn=subschema" by * read

dn: olcDatabase={0}config,cn=config
objectClass: olcDatabaseConfig
olcDatabase: {0}config
olcAccess: {0}to * by * none

dn: olcDatabase={1}mdb,cn=config
objectClass: olcDatabaseConfig
objectClass: olcMdbConfig
olcDatabase: {1}mdb
olcDbDirectory: $DIR/db
olcSuffix: $BASE_DN
olcRootDN: $ADMIN_DN
olcRootPW: $(hash_password "$ADMIN_PASSWORD")
olcDbIndex: objectClass eq
olcDbIndex: uid eq
olcDbIndex: member eq
olcAccess: {0}to attrs=userPassword by self write by anonymous auth by * none
olcAccess: {1}to * by dn.exact="$BIND_DN" read by self read by * none
EOF
}

data_ldif() {
    local u g name password members m
    cat <<EOF
dn: $BASE_DN
objectClass: dcObject
objectClass: organization
dc: strata
o: Strata test directory

dn: ou=people,$BASE_DN
objectClass: organizationalUnit
ou: people

dn: ou=groups,$BASE_DN
objectClass: organizationalUnit
ou: groups

dn: ou=services,$BASE_DN
objectClass: organizationalUnit
ou: services

dn: $BIND_DN
objectClass: organizationalRole
objectClass: simpleSecurityObject
cn: strata-karaf
description: Strata's account for looking users and groups up
userPassword: $(hash_password "$BIND_PASSWORD")

EOF
    for u in "${LDAP_USERS[@]}"; do
        IFS=: read -r name password _ <<<"$u"
        cat <<EOF
dn: uid=$name,ou=people,$BASE_DN
objectClass: inetOrgPerson
uid: $name
cn: ${name^}
sn: ${name^}
userPassword: $(hash_password "$password")

EOF
    done
    for g in "${LDAP_GROUPS[@]}"; do
        name="${g%:*}"
        members="${g##*:}"
        echo "dn: cn=$name,ou=groups,$BASE_DN"
        echo "objectClass: groupOfNames"
        echo "cn: $name"
        for m in $members; do echo "member: uid=$m,ou=people,$BASE_DN"; done
        echo
    done
}

start() {
    if running && answers_ldap; then
        print_lines
        return 0
    fi
    is_root || die "slapd for the tests is started as root: sudo $0 start"
    ensure_ldap_packages
    if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
        die "port $PORT on 127.0.0.1 is taken by something else; set STRATA_TEST_LDAP_PORT"
    fi
    running && end_pids "$(pid_of "$PID_FILE")"
    rm -rf "$DIR"
    mkdir -p "$DIR/slapd.d" "$DIR/db" "$DIR/run"
    chmod 700 "$DIR"
    config_ldif >"$DIR/config.ldif"
    data_ldif >"$DIR/data.ldif"
    /usr/sbin/slapadd -q -n 0 -F "$DIR/slapd.d" -l "$DIR/config.ldif" >"$DIR/slapadd.log" 2>&1 ||
        die "slapadd could not build the configuration; see $DIR/slapadd.log"
    /usr/sbin/slapadd -q -n 1 -F "$DIR/slapd.d" -l "$DIR/data.ldif" >>"$DIR/slapadd.log" 2>&1 ||
        die "slapadd could not load the directory; see $DIR/slapadd.log"
    rm -f "$DIR/config.ldif" "$DIR/data.ldif"
    chown -R openldap:openldap "$DIR"
    # slapd detaches itself once it listens; it writes its pid file then.
    /usr/sbin/slapd -u openldap -g openldap -F "$DIR/slapd.d" -h "$URL/" </dev/null >"$DIR/slapd.log" 2>&1 ||
        die "slapd did not start; see $DIR/slapd.log"
    wait_until 10 answers_ldap || die "slapd does not answer on $URL after 10 s; see $DIR/slapd.log"
    print_lines
}

stop() {
    if running; then
        end_pids "$(pid_of "$PID_FILE")"
    fi
    rm -rf "$DIR"
    say "stopped; $DIR removed"
}

status() {
    if running && answers_ldap; then
        print_lines
    else
        say "no test directory answers on $URL"
        return 1
    fi
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) status ;;
    *) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
