#!/bin/sh

################################################################################
# Shape: a class path and a main class instead of -jar, backgrounded, with a
# trap that stops the JVM and `pid=$?` / `wait` after it (as the API Mediation
# Layer gateway of 2020 was started, through Spring Boot's PropertiesLauncher).
# Start-script shape fixture of the jopt tests.
#
# SPDX-License-Identifier: EPL-2.0
################################################################################

stop_jobs()
{
  kill -15 $gateway_pid
}

trap 'stop_jobs' INT

ROOT_DIR="${ZWE_zowe_runtimeDirectory:-/usr/lpp/zowe}"
KEYSTORE_PASSWORD="${ZWE_zowe_certificate_keystore_password}"

GATEWAY_CODE=AG
_BPX_JOBNAME=${ZWE_zowe_job_prefix}${GATEWAY_CODE} java -Xms32m -Xmx256m -Xquickstart \
    -Dibm.serversocket.recover=true \
    -Dfile.encoding=UTF-8 \
    -Dserver.ssl.keyStorePassword=${KEYSTORE_PASSWORD} \
    -Dserver.ssl.trustStorePassword=${KEYSTORE_PASSWORD} \
    -Djava.protocol.handler.pkgs=com.ibm.crypto.provider \
    -cp ${ROOT_DIR}"/components/cp-main/bin/cp-main-service.jar":/usr/include/java_classes/IRRRacf.jar \
    org.springframework.boot.loader.PropertiesLauncher &
gateway_pid=$?

wait
