#!/bin/sh
################################################################################
# Discovery service (Eureka registry) start script - sample Zowe runtime.
#
# This file is a test fixture of the jopt project and is made available under
# the Eclipse Public License 2.0 (https://www.eclipse.org/legal/epl-2.0/).
#
# SPDX-License-Identifier: EPL-2.0
#
# Copyright (c) the jopt fixture authors.
################################################################################

# >>> jopt hook v1 component=discovery tag=DS dir=/global/zowe/workspace/jopt >>>
# Managed by jopt; lines between these markers are checked. Remove with: jopt uninstall discovery
JOPT_OPTIONS=
jopt_d='/global/zowe/workspace/jopt'
jopt_f=
if [ -n "${ZWE_haInstance_id:-}" ] && [ -f "${jopt_d}/java.options.DS.${ZWE_haInstance_id}" ]; then
  jopt_f="${jopt_d}/java.options.DS.${ZWE_haInstance_id}"; JOPT_OPTIONS="-Xoptionsfile=${jopt_f}"
elif [ -n "${ZWE_haInstance_id:-}" ] && [ -f "${jopt_d}/java.argfile.DS.${ZWE_haInstance_id}" ]; then
  jopt_f="${jopt_d}/java.argfile.DS.${ZWE_haInstance_id}"; JOPT_OPTIONS="@${jopt_f}"
elif [ -f "${jopt_d}/java.options.DS" ]; then
  jopt_f="${jopt_d}/java.options.DS"; JOPT_OPTIONS="-Xoptionsfile=${jopt_f}"
elif [ -f "${jopt_d}/java.argfile.DS" ]; then
  jopt_f="${jopt_d}/java.argfile.DS"; JOPT_OPTIONS="@${jopt_f}"
fi
if [ -f "${jopt_d}/trace.DS" ] && command -v mkfifo >/dev/null 2>&1 && command -v awk >/dev/null 2>&1; then
  jopt_p="${jopt_d}/.trace.DS.${ZWE_haInstance_id:-}.$$"
  rm -f "${jopt_p}.1" "${jopt_p}.2"
  if (umask 077 && : >>"${jopt_d}/start.log1DS" && : >>"${jopt_d}/start.log2DS") 2>/dev/null && chmod 600 "${jopt_d}/start.log1DS" "${jopt_d}/start.log2DS" && mkfifo -m 600 "${jopt_p}.1" "${jopt_p}.2"; then
    jopt_a='
BEGIN {
  n = 0
  for (name in ENVIRON) {
    v = ENVIRON[name]
    if (toupper(name) ~ /PASS|SECRET|TOKEN|CREDENTIAL|KEY$/ && length(v) >= 4 && substr(v, 1, 1) != "/") secret[++n] = v
  }
  for (i = 2; i <= n; i++) {
    v = secret[i]
    for (j = i - 1; j >= 1 && length(secret[j]) < length(v); j--) secret[j + 1] = secret[j]
    secret[j + 1] = v
  }
}
function literal(line,    i, out, p, s) {
  for (i = 1; i <= n; i++) {
    s = secret[i]
    out = ""
    while ((p = index(line, s)) > 0) {
      out = out substr(line, 1, p - 1) "***"
      line = substr(line, p + length(s))
    }
    line = out line
  }
  return line
}
function dprops(line,    out, key) {
  out = ""
  while (match(line, /-D[^ \t=]+=/)) {
    key = substr(line, RSTART + 2, RLENGTH - 3)
    out = out substr(line, 1, RSTART + RLENGTH - 1)
    line = substr(line, RSTART + RLENGTH)
    if (toupper(key) ~ /PASS|SECRET|TOKEN|CREDENTIAL/) {
      match(line, /^[^ \t]*/)
      line = "***" substr(line, RLENGTH + 1)
    }
  }
  return out line
}
{
  line = literal($(0))
  if (line ~ /^#jopt-env /) {
    if (match(line, /^#jopt-env [A-Za-z_][A-Za-z0-9_]*=/)) {
      len = RLENGTH
      key = substr(line, 11, len - 11)
      hide = (toupper(key) ~ /PASS|SECRET|TOKEN|CREDENTIAL|KEY/)
      if (hide) line = substr(line, 1, len) "***"
    } else if (hide) {
      line = "#jopt-env ***"
    }
  } else {
    hide = 0
    if (match(line, /^[ \t]*[^ \t=]+ = /)) {
      len = RLENGTH
      key = line
      sub(/^[ \t]*/, "", key)
      sub(/ = .*$/, "", key)
      if (toupper(key) ~ /PASS|SECRET|TOKEN|CREDENTIAL/) line = substr(line, 1, len) "***"
    }
  }
  print dprops(line)
}'
    (trap "" HUP INT TERM; awk "${jopt_a}" <"${jopt_p}.1" >>"${jopt_d}/start.log1DS" 2>/dev/null &)
    (trap "" HUP INT TERM; awk "${jopt_a}" <"${jopt_p}.2" >>"${jopt_d}/start.log2DS" 2>/dev/null &)
    exec 1>"${jopt_p}.1" 2>"${jopt_p}.2"
    rm -f "${jopt_p}.1" "${jopt_p}.2"
    jopt_m="#jopt-run time=$(date -u +%Y-%m-%dT%H:%M:%SZ) component=discovery tag=DS ha=${ZWE_haInstance_id:-} pid=$$ hook=v1"
    echo "${jopt_m}"
    echo "${jopt_m}" >&2
    echo "#jopt-trace options-file=${jopt_f:-none}" >&2
    if [ -n "${jopt_f}" ]; then sed 's/^/#jopt-optfile /' "${jopt_f}" >&2; fi
    env | sed 's/^/#jopt-env /' >&2
    JOPT_OPTIONS="${JOPT_OPTIONS} -XshowSettings"
    echo "#jopt-trace launch-options=${JOPT_OPTIONS}" >&2
  else
    rm -f "${jopt_p}.1" "${jopt_p}.2"
    echo "jopt: trace.DS is set but its logs cannot be prepared in ${jopt_d}; not tracing" >&2
  fi
fi
unset jopt_d jopt_f jopt_p jopt_a jopt_m
# <<< jopt hook v1 <<<
# Zowe 2.x style: java is expected on PATH (zwe puts ${JAVA_HOME}/bin there).
DISCOVERY_CODE=AD

if [ -z "${LAUNCH_COMPONENT}" ]; then
  LAUNCH_COMPONENT="$(pwd)/bin"
fi
JAR_FILE="${LAUNCH_COMPONENT}/discovery-service-lite.jar"

COMMON_LIB="${ZWE_zowe_runtimeDirectory:-/usr/lpp/zowe}/components/apiml-common-lib/bin/api-layer-lite-lib-all.jar"
LOADER_PATH="${COMMON_LIB}"

QUICK_START=""
if [ "$(uname)" = "OS/390" ]; then
  QUICK_START=-Xquickstart
fi
ADD_OPENS="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED"

# A single discovery instance runs with the "https" profile only; with more
# than one HA instance the peers replicate each other.
DISCOVERY_PROFILES="https"
if [ -n "${ZWE_DISCOVERY_SERVICES_REPLICAS}" ]; then
  if [ "${ZWE_DISCOVERY_SERVICES_REPLICAS}" -gt 1 ]; then
    DISCOVERY_PROFILES="https,ha"
  fi
fi
if [ "${ZWE_configs_debug:-false}" = "true" ]; then
  DISCOVERY_PROFILES="${DISCOVERY_PROFILES},debug"
fi

keystore_type="${ZWE_configs_certificate_keystore_type:-${ZWE_zowe_certificate_keystore_type:-PKCS12}}"
keystore_pass="${ZWE_configs_certificate_keystore_password:-${ZWE_zowe_certificate_keystore_password}}"
keystore_location="${ZWE_configs_certificate_keystore_file:-${ZWE_zowe_certificate_keystore_file}}"
key_alias="${ZWE_configs_certificate_keystore_alias:-${ZWE_zowe_certificate_keystore_alias:-localhost}}"
truststore_type="${ZWE_configs_certificate_truststore_type:-${ZWE_zowe_certificate_truststore_type:-PKCS12}}"
truststore_pass="${ZWE_configs_certificate_truststore_password:-${ZWE_zowe_certificate_truststore_password}}"
truststore_location="${ZWE_configs_certificate_truststore_file:-${ZWE_zowe_certificate_truststore_file}}"

# Handy while diagnosing TLS or attaching a debugger; add them back into the
# command below when needed:
#  -Djavax.net.debug=ssl:handshake \
#  -agentlib:jdwp=transport=dt_socket,server=y,suspend=n,address=5012 \
_BPX_JOBNAME=${ZWE_zowe_job_prefix}${DISCOVERY_CODE} java \
  -Xms${ZWE_configs_heap_init:-32}m -Xmx${ZWE_configs_heap_max:-256}m \
  ${QUICK_START} \
  ${ADD_OPENS} \
  -Dibm.serversocket.recover=true \
  -Dfile.encoding=UTF-8 \
  -Djava.io.tmpdir="${TMPDIR:-/tmp}" \
  -Dspring.profiles.active="${DISCOVERY_PROFILES}" \
  -Dapiml.service.hostname="${ZWE_haInstance_hostname:-localhost}" \
  -Dapiml.service.port="${ZWE_configs_port:-7553}" \
  -Dapiml.service.ipAddress="${ZWE_haInstance_ipAddress:-127.0.0.1}" \
  -Dapiml.discovery.serviceIdPrefixReplacer="${ZWE_configs_apiml_discovery_serviceIdPrefixReplacer:-}" \
  -Dapiml.discovery.allPeersUrls="${ZWE_DISCOVERY_SERVICES_LIST:-https://localhost:7553/eureka/}" \
  -Dapiml.logs.location="${ZWE_zowe_logDirectory:-/tmp}" \
  -Dserver.address=0.0.0.0 \
  -Dserver.ssl.enabled=true \
  -Dserver.ssl.keyStore="${keystore_location}" \
  -Dserver.ssl.keyStoreType="${keystore_type}" \
  -Dserver.ssl.keyStorePassword="${keystore_pass}" \
  -Dserver.ssl.keyAlias="${key_alias}" \
  -Dserver.ssl.keyPassword="${keystore_pass}" \
  -Dserver.ssl.trustStore="${truststore_location}" \
  -Dserver.ssl.trustStoreType="${truststore_type}" \
  -Dserver.ssl.trustStorePassword="${truststore_pass}" \
  -Djava.protocol.handler.pkgs=com.ibm.crypto.provider \
  -Dloader.path="${LOADER_PATH}" \
  ${JOPT_OPTIONS} \
  -jar "${JAR_FILE}" &
wait
