#!/bin/sh
################################################################################
# jopt test fixture: the common helper that Zowe 3.5 API ML start scripts source.
#
# Sets the variables the start scripts put on their java command line:
# QUICK_START and SHARED_CLASSES_OPTS (z/OS only), JAVA21_CONSOLE_ENCODING
# (z/OS, Java 21 or later), ADD_OPENS, LOGBACK, JVM_SECURITY_PROPERTIES and
# JAVA_BIN_DIR, and the keystore, truststore and TLS variables.
#
# SPDX-License-Identifier: EPL-2.0
################################################################################

add_profile() {
    if [ -n "${ZWE_configs_spring_profiles_active}" ]; then
        ZWE_configs_spring_profiles_active="${ZWE_configs_spring_profiles_active},"
    fi
    ZWE_configs_spring_profiles_active="${ZWE_configs_spring_profiles_active}$1"
}

# Libraries shared by the API ML components
if [ -z "${CMMN_LB}" ]; then
    COMMON_LIB="../apiml-common-lib/bin/BOOT-INF/lib/"
else
    COMMON_LIB="${CMMN_LB}"
fi
if [ -z "${LIBRARY_PATH}" ]; then
    LIBRARY_PATH="../common-java-lib/bin/"
fi

JVM_SECURITY_PROPERTIES=""
if [ "${JVM_SECURITY_PROPERTIES_OVERRIDE:-false}" = "true" ]; then
    JVM_SECURITY_PROPERTIES="-Djava.security.properties=../apiml-common-lib/bin/jvm.security.override.properties"
fi

verify_certificates=$(echo "${ZWE_zowe_verifyCertificates:-STRICT}" | tr '[:lower:]' '[:upper:]')
if [ "${verify_certificates}" = "DISABLED" ]; then
    verifySslCertificatesOfServices=false
    nonStrictVerifySslCertificatesOfServices=false
elif [ "${verify_certificates}" = "NONSTRICT" ]; then
    verifySslCertificatesOfServices=true
    nonStrictVerifySslCertificatesOfServices=true
else
    verifySslCertificatesOfServices=true
    nonStrictVerifySslCertificatesOfServices=false
fi

# What Zowe adds on z/OS: start-up tuning and its own shared class cache
ZOWE_CONSOLE_LOG_CHARSET=UTF-8
if [ "$(uname)" = "OS/390" ]; then
    QUICK_START="-Xquickstart"
    SHARED_CLASSES_OPTS="-Xshareclasses:name=apiml_shared_classes,nonfatal,silent"
    JAVA_VERSION=$(${JAVA_HOME}/bin/javap -J-Xms4m -J-Xmx16m -verbose java.lang.String 2>/dev/null \
        | grep "major version" | cut -d " " -f5)
    if [ "${JAVA_VERSION:-0}" -ge 65 ]; then
        ZOWE_CONSOLE_LOG_CHARSET=IBM-1047
        JAVA21_CONSOLE_ENCODING="-Dstdout.encoding=IBM-1047 -Dstderr.encoding=IBM-1047"
    fi
fi

internalProtocol="https"
ZWE_DISCOVERY_SERVICES_LIST=${ZWE_DISCOVERY_SERVICES_LIST:-"https://${ZWE_haInstance_hostname:-localhost}:${ZWE_components_discovery_port:-7553}/eureka/"}

LIBPATH="${LIBPATH}:/lib:/usr/lib:${JAVA_HOME}/bin:${JAVA_HOME}/bin/classic:${JAVA_HOME}/bin/j9vm"
LIBPATH="${LIBPATH}:${JAVA_HOME}/lib/s390x/classic:${JAVA_HOME}/lib/s390x/default:${LIBRARY_PATH}"

ADD_OPENS="--add-opens=java.base/java.lang=ALL-UNNAMED
        --add-opens=java.base/java.lang.invoke=ALL-UNNAMED
        --add-opens=java.base/java.nio.channels.spi=ALL-UNNAMED
        --add-opens=java.base/java.util=ALL-UNNAMED
        --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
        --add-opens=java.base/javax.net.ssl=ALL-UNNAMED"

server_protocol="TLS"
server_enabled_protocols="${ZWE_zowe_network_server_tls_minTls:-TLSv1.2},${ZWE_zowe_network_server_tls_maxTls:-TLSv1.3}"
server_ciphers=${ZWE_zowe_network_server_tls_ciphers:-TLS_AES_128_GCM_SHA256,TLS_AES_256_GCM_SHA384}
client_enabled_protocols=${server_enabled_protocols}
client_ciphers=${ZWE_zowe_network_client_tls_ciphers:-${server_ciphers}}

keystore_type="${ZWE_configs_certificate_keystore_type:-${ZWE_zowe_certificate_keystore_type:-PKCS12}}"
keystore_pass="${ZWE_configs_certificate_keystore_password:-${ZWE_zowe_certificate_keystore_password}}"
key_alias="${ZWE_configs_certificate_keystore_alias:-${ZWE_zowe_certificate_keystore_alias:-localhost}}"
key_pass="${ZWE_configs_certificate_key_password:-${ZWE_zowe_certificate_key_password:-${keystore_pass}}}"
keystore_location="${ZWE_configs_certificate_keystore_file:-${ZWE_zowe_certificate_keystore_file}}"
truststore_type="${ZWE_configs_certificate_truststore_type:-${ZWE_zowe_certificate_truststore_type:-PKCS12}}"
truststore_pass="${ZWE_configs_certificate_truststore_password:-${ZWE_zowe_certificate_truststore_password}}"
truststore_location="${ZWE_configs_certificate_truststore_file:-${ZWE_zowe_certificate_truststore_file}}"
if [ "${keystore_type}" = "JCERACFKS" ]; then
    keystore_location=$(echo "${keystore_location}" | sed s_safkeyring://_safkeyringjce://_)
    truststore_location=$(echo "${truststore_location}" | sed s_safkeyring://_safkeyringjce://_)
fi

LOGBACK=""
if [ -n "${ZWE_configs_logging_config}" ]; then
    LOGBACK="-Dlogging.config=${ZWE_configs_logging_config}"
fi

if [ -n "${ZWE_java_home}" ]; then
    JAVA_BIN_DIR=${ZWE_java_home}/bin/
fi
