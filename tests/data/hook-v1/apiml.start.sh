#!/bin/sh
################################################################################
# API Mediation Layer start script - Zowe 3.x single JVM edition.
#
# One JVM hosts gateway, discovery, ZAAS and the API catalog; it replaces the
# separate components of earlier releases. Test fixture of the jopt project.
#
# Licensed under the Eclipse Public License 2.0, available online at
# https://www.eclipse.org/legal/epl-2.0/
#
# SPDX-License-Identifier: EPL-2.0
#
# Copyright (c) the jopt fixture authors.
################################################################################
# >>> jopt hook v1 component=apiml tag=AM dir=/global/zowe/workspace/jopt >>>
# Managed by jopt; lines between these markers are checked. Remove with: jopt uninstall apiml
JOPT_OPTIONS=
jopt_d='/global/zowe/workspace/jopt'
jopt_f=
if [ -n "${ZWE_haInstance_id:-}" ] && [ -f "${jopt_d}/java.options.AM.${ZWE_haInstance_id}" ]; then
  jopt_f="${jopt_d}/java.options.AM.${ZWE_haInstance_id}"; JOPT_OPTIONS="-Xoptionsfile=${jopt_f}"
elif [ -n "${ZWE_haInstance_id:-}" ] && [ -f "${jopt_d}/java.argfile.AM.${ZWE_haInstance_id}" ]; then
  jopt_f="${jopt_d}/java.argfile.AM.${ZWE_haInstance_id}"; JOPT_OPTIONS="@${jopt_f}"
elif [ -f "${jopt_d}/java.options.AM" ]; then
  jopt_f="${jopt_d}/java.options.AM"; JOPT_OPTIONS="-Xoptionsfile=${jopt_f}"
elif [ -f "${jopt_d}/java.argfile.AM" ]; then
  jopt_f="${jopt_d}/java.argfile.AM"; JOPT_OPTIONS="@${jopt_f}"
fi
if [ -f "${jopt_d}/trace.AM" ] && command -v mkfifo >/dev/null 2>&1 && command -v awk >/dev/null 2>&1; then
  jopt_p="${jopt_d}/.trace.AM.${ZWE_haInstance_id:-}.$$"
  rm -f "${jopt_p}.1" "${jopt_p}.2"
  if (umask 077 && : >>"${jopt_d}/start.log1AM" && : >>"${jopt_d}/start.log2AM") 2>/dev/null && chmod 600 "${jopt_d}/start.log1AM" "${jopt_d}/start.log2AM" && mkfifo -m 600 "${jopt_p}.1" "${jopt_p}.2"; then
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
    (trap "" HUP INT TERM; awk "${jopt_a}" <"${jopt_p}.1" >>"${jopt_d}/start.log1AM" 2>/dev/null &)
    (trap "" HUP INT TERM; awk "${jopt_a}" <"${jopt_p}.2" >>"${jopt_d}/start.log2AM" 2>/dev/null &)
    exec 1>"${jopt_p}.1" 2>"${jopt_p}.2"
    rm -f "${jopt_p}.1" "${jopt_p}.2"
    jopt_m="#jopt-run time=$(date -u +%Y-%m-%dT%H:%M:%SZ) component=apiml tag=AM ha=${ZWE_haInstance_id:-} pid=$$ hook=v1"
    echo "${jopt_m}"
    echo "${jopt_m}" >&2
    echo "#jopt-trace options-file=${jopt_f:-none}" >&2
    if [ -n "${jopt_f}" ]; then sed 's/^/#jopt-optfile /' "${jopt_f}" >&2; fi
    env | sed 's/^/#jopt-env /' >&2
    JOPT_OPTIONS="${JOPT_OPTIONS} -XshowSettings"
    echo "#jopt-trace launch-options=${JOPT_OPTIONS}" >&2
  else
    rm -f "${jopt_p}.1" "${jopt_p}.2"
    echo "jopt: trace.AM is set but its logs cannot be prepared in ${jopt_d}; not tracing" >&2
  fi
fi
unset jopt_d jopt_f jopt_p jopt_a jopt_m
# <<< jopt hook v1 <<<

. ./bin/utils/setenv.sh
# JVM options from zowe.yaml (components.apiml.jvm) -> CUSTOM_JVM_OPTS
. ./bin/parse_jvm_args.sh

if [ -z "${LAUNCH_COMPONENT}" ]; then
    JAR_FILE="$(pwd)/bin/apiml.jar"
else
    JAR_FILE="${LAUNCH_COMPONENT}/apiml.jar"
fi

RUNTIME_DIR="${ZWE_zowe_runtimeDirectory:-/usr/lpp/zowe}"
COMMON_LIB="${RUNTIME_DIR}/components/apiml-common-lib/bin/api-layer-lite-lib-all.jar"
LOADER_PATH="${COMMON_LIB}"
if [ -n "${ZWE_APIML_SHARED_LIBS}" ]; then
    LOADER_PATH="${ZWE_APIML_SHARED_LIBS},${LOADER_PATH}"
fi

QUICK_START=""
if [ "$(uname)" = "OS/390" ]; then
    QUICK_START=-Xquickstart
fi
ADD_OPENS="--add-opens=java.base/java.lang=ALL-UNNAMED \
--add-opens=java.base/java.util=ALL-UNNAMED \
--add-opens=java.base/java.nio.channels.spi=ALL-UNNAMED \
--add-opens=java.base/javax.net.ssl=ALL-UNNAMED"

hostname="${ZWE_haInstance_hostname:-localhost}"
external_domain="${ZWE_zowe_externalDomains_0:-${hostname}}"
external_port="${ZWE_zowe_externalPort:-${APIML_DEFAULT_PORT}}"
instance_id="${ZWE_haInstance_id:-localhost}"

APIML_BANNER="Starting ${APIML_SERVICE_NAME} (gateway, discovery, zaas, catalog)
    instance: ${instance_id}
    external address: https://${external_domain}:${external_port}"
echo "${APIML_BANNER}"

spring_profiles="https"
if [ "${ZWE_configs_debug:-false}" = "true" ]; then
    spring_profiles="${spring_profiles},debug"
fi
if [ "${ZWE_configs_apiml_security_x509_enabled:-false}" = "true" ]; then
    spring_profiles="${spring_profiles},x509"
fi

verify_certificates="${ZWE_zowe_verifyCertificates:-STRICT}"
verify_ssl="true"
nonstrict_verify="false"
case "${verify_certificates}" in
    DISABLED) verify_ssl="false" ;;
    NONSTRICT) nonstrict_verify="true" ;;
esac

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

# Optional site specific overrides kept in the workspace (guarded: absent by default).
if [ -f "${ZWE_zowe_workspaceDirectory:-/nonexistent}/apiml/site.env" ]; then
    . "${ZWE_zowe_workspaceDirectory}/apiml/site.env"
fi

_BPX_JOBNAME=${ZWE_zowe_job_prefix}${APIML_CODE} ${JAVA_BIN_DIR}java \
    -Xms${ZWE_configs_heap_init:-64}m -Xmx${ZWE_configs_heap_max:-1024}m \
    ${QUICK_START} \
    ${ADD_OPENS} \
    -XX:+ExitOnOutOfMemoryError \
    -Dibm.serversocket.recover=true \
    -Dfile.encoding=UTF-8 \
    -Djava.io.tmpdir="${TMPDIR:-/tmp}" \
    -Dspring.profiles.active="${spring_profiles}" \
    -Dspring.cloud.gateway.httpclient.websocket.max-frame-payload-length="${ZWE_configs_gateway_websocket_maxFramePayloadLength:-65536}" \
    -Dapiml.service.hostname="${hostname}" \
    -Dapiml.service.port="${ZWE_configs_port:-${APIML_DEFAULT_PORT}}" \
    -Dapiml.service.instanceId="${instance_id}-apiml" \
    -Dapiml.service.externalUrl="https://${external_domain}:${external_port}" \
    -Dapiml.service.forwardClientCertEnabled="${ZWE_configs_apiml_security_x509_enabled:-false}" \
    -Dapiml.discovery.port="${ZWE_configs_discovery_port:-${APIML_DEFAULT_DISCOVERY_PORT}}" \
    -Dapiml.discovery.allPeersUrls="${ZWE_DISCOVERY_SERVICES_LIST:-https://${hostname}:${APIML_DEFAULT_DISCOVERY_PORT}/eureka/}" \
    -Dapiml.discovery.staticApiDefinitionsDirectories="${ZWE_STATIC_DEFINITIONS_DIR:-${ZWE_zowe_workspaceDirectory:-/tmp}/api-mediation/api-defs}" \
    -Dapiml.catalog.serviceId="${ZWE_configs_apiml_catalog_serviceId:-apicatalog}" \
    -Dapiml.catalog.hide.serviceInfo="${ZWE_configs_apiml_catalog_hide_serviceInfo:-false}" \
    -Dapiml.security.auth.provider="${ZWE_configs_apiml_security_auth_provider:-zosmf}" \
    -Dapiml.security.auth.zosmf.serviceId=ibmzosmf \
    -Dapiml.security.auth.zosmf.jwtAutoconfiguration="${ZWE_configs_apiml_security_auth_zosmf_jwtAutoconfiguration:-auto}" \
    -Dapiml.security.zosmf.applid="${ZWE_zOSMF_applId:-IZUDFLT}" \
    -Dapiml.security.x509.enabled="${ZWE_configs_apiml_security_x509_enabled:-false}" \
    -Dapiml.security.oidc.enabled="${ZWE_configs_apiml_security_oidc_enabled:-false}" \
    -Dapiml.security.ssl.verifySslCertificatesOfServices="${verify_ssl}" \
    -Dapiml.security.ssl.nonStrictVerifySslCertificatesOfServices="${nonstrict_verify}" \
    -Dapiml.connection.idleConnectionTimeoutSeconds="${ZWE_configs_apiml_connection_idleConnectionTimeoutSeconds:-5}" \
    -Dapiml.connection.timeout="${ZWE_configs_apiml_connection_timeout:-60000}" \
    -Dapiml.health.protected="${ZWE_configs_apiml_health_protected:-true}" \
    -Dapiml.logs.location="${ZWE_zowe_logDirectory:-/tmp}" \
    -Dcaching.storage.mode="${ZWE_components_caching_service_storage_mode:-inMemory}" \
    -Dserver.address=0.0.0.0 \
    -Dserver.maxConnectionsPerRoute="${ZWE_configs_server_maxConnectionsPerRoute:-100}" \
    -Dserver.maxTotalConnections="${ZWE_configs_server_maxTotalConnections:-1000}" \
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
    -Djdk.tls.client.cipherSuites="${ZWE_configs_apiml_security_ssl_ciphers:-TLS_AES_128_GCM_SHA256,TLS_AES_256_GCM_SHA384}" \
    -Dloader.path="${LOADER_PATH}" \
    -Djava.library.path="${LIBPATH:-/usr/lib}" \
    ${CUSTOM_JVM_OPTS} \
    ${JOPT_OPTIONS} \
    -jar "${JAR_FILE}" &