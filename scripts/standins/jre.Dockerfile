# Stand-in for eclipse-temurin's JRE images (see README.md): a jlink runtime on the Debian base.
# Context: a folder holding jre/.
ARG BASE_IMAGE
FROM ${BASE_IMAGE}
COPY jre/ /opt/java/openjdk/
ENV JAVA_HOME=/opt/java/openjdk PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8
CMD ["java", "-version"]
