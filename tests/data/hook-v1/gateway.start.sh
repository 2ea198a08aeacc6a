#!/bin/sh

################################################################################
# Start script for the API Gateway service of the sample Zowe runtime.
#
# Test fixture for jopt. Distributed under the Eclipse Public License 2.0;
# the full license text is published at https://www.eclipse.org/legal/epl-2.0/
#
# SPDX-License-Identifier: EPL-2.0
#
# Copyright (c) the jopt fixture authors.
################################################################################

# The Zowe launcher changes into the component directory and then feeds this
# file to /bin/sh on standard input. It exports, among others:
#   ZWE_zowe_runtimeDirectory  - root directory of the Zowe runtime
#   ZWE_zowe_job_prefix        - prefix of the z/OS job names (e.g. ZWE1)
#   ZWE_configs_*              - this component's section of zowe.yaml
#   ZWE_haInstance_*           - the HA instance being started
#   JAVA_BIN_DIR               - directory of the java binary, with trailing /

# >>> jopt hook v1 component=gateway tag=GW dir=/global/zowe/workspace/jopt >>>
# Managed by jopt; lines between these markers are checked. Remove with: jopt uninstall gateway
JOPT_OPTIONS=
jopt_d='/global/zowe/workspace/jopt'
jopt_f=
if [ -n "${ZWE_haInstance_id:-}" ] && [ -f "${jopt_d}/java.options.GW.${ZWE_haInstance_id}" ]; then
  jopt_f="${jopt_d}/java.options.GW.${ZWE_haInstance_id}"; JOPT_OPTIONS="-Xoptionsfile=${jopt_f}"
elif [ -n "${ZWE_haInstance_id:-}" ] && [ -f "${jopt_d}/java.argfile.GW.${ZWE_haInstance_id}" ]; then
  jopt_f="${jopt_d}/java.argfile.GW.${ZWE_haInstance_id}"; JOPT_OPTIONS="@${jopt_f}"
elif [ -f "${jopt_d}/java.options.GW" ]; then
  jopt_f="${jopt_d}/java.options.GW"; JOPT_OPTIONS="-Xoptionsfile=${jopt_f}"
elif [ -f "${jopt_d}/java.argfile.GW" ]; then
  jopt_f="${jopt_d}/java.argfile.GW"; JOPT_OPTIONS="@${jopt_f}"
fi
if [ -f "${jopt_d}/trace.GW" ] && command -v mkfifo >/dev/null 2>&1 && command -v awk >/dev/null 2>&1; then
  jopt_p="${jopt_d}/.trace.GW.${ZWE_haInstance_id:-}.$$"
  rm -f "${jopt_p}.1" "${jopt_p}.2"
  if (umask 077 && : >>"${jopt_d}/start.log1GW" && : >>"${jopt_d}/start.log2GW") 2>/dev/null && chmod 600 "${jopt_d}/start.log1GW" "${jopt_d}/start.log2GW" && mkfifo -m 600 "${jopt_p}.1" "${jopt_p}.2"; then
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
    (trap "" HUP INT TERM; awk "${jopt_a}" <"${jopt_p}.1" >>"${jopt_d}/start.log1GW" 2>/dev/null &)
    (trap "" HUP INT TERM; awk "${jopt_a}" <"${jopt_p}.2" >>"${jopt_d}/start.log2GW" 2>/dev/null &)
    exec 1>"${jopt_p}.1" 2>"${jopt_p}.2"
    rm -f "${jopt_p}.1" "${jopt_p}.2"
    jopt_m="#jopt-run time=$(date -u +%Y-%m-%dT%H:%M:%SZ) component=gateway tag=GW ha=${ZWE_haInstance_id:-} pid=$$ hook=v1"
    echo "${jopt_m}"
    echo "${jopt_m}" >&2
    echo "#jopt-trace options-file=${jopt_f:-none}" >&2
    if [ -n "${jopt_f}" ]; then sed 's/^/#jopt-optfile /' "${jopt_f}" >&2; fi
    env | sed 's/^/#jopt-env /' >&2
    JOPT_OPTIONS="${JOPT_OPTIONS} -XshowSettings"
    echo "#jopt-trace launch-options=${JOPT_OPTIONS}" >&2
  else
    rm -f "${jopt_p}.1" "${jopt_p}.2"
    echo "jopt: trace.GW is set but its logs cannot be prepared in ${jopt_d}; not tracing" >&2
  fi
fi
unset jopt_d jopt_f jopt_p jopt_a jopt_m
# <<< jopt hook v1 <<<
# Component wide defaults (relative path: we run from the component dir).
. ./bin/utils/setenv.sh

GATEWAY_CODE=AG

if [ -n "${LAUNCH_COMPONENT}" ]; then
    JAR_FILE="${LAUNCH_COMPONENT}/gateway-service.jar"
else
    JAR_FILE="$(pwd)/bin/gateway-service.jar"
fi
echo "Starting ${GATEWAY_SERVICE_NAME} from ${JAR_FILE}"

RUNTIME_DIR="${ZWE_zowe_runtimeDirectory:-/usr/lpp/zowe}"
COMMON_LIB="${RUNTIME_DIR}/components/apiml-common-lib/bin/api-layer-lite-lib-all.jar"
LOADER_PATH="${COMMON_LIB}"
if [ -n "${ZWE_GATEWAY_SHARED_LIBS}" ]; then
    LOADER_PATH="${ZWE_GATEWAY_SHARED_LIBS},${LOADER_PATH}"
fi

# Work out the class file major version of the JDK (61 = Java 17).
JAVA_VERSION=$(${JAVA_HOME}/bin/javap -J-Xms4m -J-Xmx16m \
    -verbose java.lang.String 2>/dev/null | grep 'major version' | sed 's/[^0-9]//g' || true)
if [ -z "${JAVA_VERSION}" ]; then
    JAVA_VERSION=61
fi

ADD_OPENS=""
if [ "${JAVA_VERSION}" -ge 61 ]; then
    ADD_OPENS="--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.nio.channels.spi=ALL-UNNAMED"
fi

QUICK_START=""
if [ "$(uname)" = "OS/390" ]; then
    QUICK_START=-Xquickstart
fi

LOG_LEVEL=""
if [ "${ZWE_configs_debug:-false}" = "true" ]; then
    LOG_LEVEL="debug"
fi

# Certificates: the component section wins over the zowe.certificate defaults.
keystore_type="${ZWE_configs_certificate_keystore_type:-${ZWE_zowe_certificate_keystore_type:-PKCS12}}"
keystore_pass="${ZWE_configs_certificate_keystore_password:-${ZWE_zowe_certificate_keystore_password}}"
keystore_location="${ZWE_configs_certificate_keystore_file:-${ZWE_zowe_certificate_keystore_file}}"
key_alias="${ZWE_configs_certificate_keystore_alias:-${ZWE_zowe_certificate_keystore_alias:-localhost}}"
key_pass="${ZWE_configs_certificate_key_password:-${keystore_pass}}"
truststore_type="${ZWE_configs_certificate_truststore_type:-${ZWE_zowe_certificate_truststore_type:-PKCS12}}"
truststore_pass="${ZWE_configs_certificate_truststore_password:-${ZWE_zowe_certificate_truststore_password}}"
truststore_location="${ZWE_configs_certificate_truststore_file:-${ZWE_zowe_certificate_truststore_file}}"

if [ "${keystore_type}" = "JCERACFKS" ]; then
    keystore_location=$(echo "${keystore_location}" | sed s_safkeyring://_safkeyringjce://_)
    truststore_location=$(echo "${truststore_location}" | sed s_safkeyring://_safkeyringjce://_)
fi

verify_certificates="${ZWE_zowe_verifyCertificates:-STRICT}"
nonstrict_verify="false"
verify_ssl="true"
if [ "${verify_certificates}" = "DISABLED" ]; then
    verify_ssl="false"
elif [ "${verify_certificates}" = "NONSTRICT" ]; then
    nonstrict_verify="true"
fi

_BPX_JOBNAME=${ZWE_zowe_job_prefix}${GATEWAY_CODE} ${JAVA_BIN_DIR}java \
    -Xms${ZWE_configs_heap_init:-32}m -Xmx${ZWE_configs_heap_max:-512}m \
    ${QUICK_START} \
    ${ADD_OPENS} \
    -XX:+ExitOnOutOfMemoryError \
    -Dibm.serversocket.recover=true \
    -Dfile.encoding=UTF-8 \
    -Djava.io.tmpdir="${TMPDIR:-/tmp}" \
    -Dspring.profiles.active=https \
    -Dspring.profiles.include="${LOG_LEVEL}" \
    -Dapiml.service.hostname="${ZWE_haInstance_hostname:-localhost}" \
    -Dapiml.service.port="${ZWE_configs_port:-${GATEWAY_DEFAULT_PORT}}" \
    -Dapiml.service.instanceId="${ZWE_haInstance_id:-localhost}-gateway" \
    -Dapiml.service.discoveryServiceUrls="${ZWE_DISCOVERY_SERVICES_LIST:-https://localhost:7553/eureka/}" \
    -Dapiml.service.allowEncodedSlashes="${ZWE_configs_apiml_service_allowEncodedSlashes:-true}" \
    -Dapiml.security.ssl.verifySslCertificatesOfServices="${verify_ssl}" \
    -Dapiml.security.ssl.nonStrictVerifySslCertificatesOfServices="${nonstrict_verify}" \
    -Dapiml.logs.location="${ZWE_zowe_logDirectory:-${GATEWAY_LOG_DIR}}" \
    -Dserver.address=0.0.0.0 \
    -Dserver.maxConnectionsPerRoute="${ZWE_configs_server_maxConnectionsPerRoute:-100}" \
    -Dserver.ssl.enabled=true \
    -Dserver.ssl.keyStore="${keystore_location}" \
    -Dserver.ssl.keyStoreType="${keystore_type}" \
    -Dserver.ssl.keyStorePassword="${keystore_pass}" \
    -Dserver.ssl.keyAlias="${key_alias}" \
    -Dserver.ssl.keyPassword="${key_pass}" \
    -Dserver.ssl.trustStore="${truststore_location}" \
    -Dserver.ssl.trustStoreType="${truststore_type}" \
    -Dserver.ssl.trustStorePassword="${truststore_pass}" \
    -Djava.protocol.handler.pkgs=com.ibm.crypto.provider \
    -Dloader.path="${LOADER_PATH}" \
    -Djava.library.path="${LIBPATH:-/usr/lib}" \
    ${JOPT_OPTIONS} \
    -jar ${JAR_FILE} &

pid=$!
echo "pid=${pid}"

wait %1
