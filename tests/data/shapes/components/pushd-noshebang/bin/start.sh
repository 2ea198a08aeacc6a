VERSION=1.0.0
COMP_RUNTIME_DIR=$(pwd)
ZOWE_INSTANCE_DIR=${ZOWE_INSTANCE_DIR:-.}
COMP_INSTANCE_DIR=${ZOWE_INSTANCE_DIR}
CONFIG_FILE=${COMP_RUNTIME_DIR}/config/application.yml
echo "COMP_RUNTIME_DIR=${COMP_RUNTIME_DIR}"
pushd ${COMP_INSTANCE_DIR}
java -jar ${COMP_RUNTIME_DIR}/bin/pushd-sample-${VERSION}.jar --spring.config.additional-location=file:${CONFIG_FILE}
popd
