#!/bin/sh

################################################################################
# Shape: a foreground launch. The java command is the last one of the script and
# is not backgrounded: its `-jar` line has no `&` (as in the Zowe v2 data-sets and
# jobs services). Start-script shape fixture of the jopt tests.
#
# SPDX-License-Identifier: EPL-2.0
################################################################################

# The component is started from its own directory.
if [ -z "${LAUNCH_COMPONENT}" ]; then
  LAUNCH_COMPONENT=$(pwd)/bin
fi
JAR_FILE="${LAUNCH_COMPONENT}/fg-jar-service.jar"

options="-Xms16m -Xmx512m"
if [ "$(uname)" = "OS/390" ]; then
  options="${options} -Xquickstart"
fi

keystore_pass="${ZWE_configs_certificate_keystore_password:-${ZWE_zowe_certificate_keystore_password}}"

COMPONENT_CODE=FG
_BPX_JOBNAME=${ZWE_zowe_job_prefix}${COMPONENT_CODE} java \
  ${options} \
  -Dibm.serversocket.recover=true \
  -Dfile.encoding=UTF-8 \
  -Djava.io.tmpdir=${TMPDIR:-/tmp} \
  -Dserver.port=${ZWE_configs_port:-8547} \
  -Dserver.ssl.keyAlias="${ZWE_zowe_certificate_keystore_alias:-localhost}" \
  -Dserver.ssl.keyStorePassword="${keystore_pass}" \
  -Dserver.ssl.keyStoreType=${ZWE_zowe_certificate_keystore_type:-PKCS12} \
  -Dspring.main.banner-mode=off \
  -jar "${JAR_FILE}"
