package io.cubevk.adapter.ucloud;

import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The adapter's only view of the wire in the logs (DEBUG on {@code io.cubevk.adapter.ucloud.wire}).
 *
 * <p>It works from an allow-list, not a deny-list: a field is shown only if it is known to carry no
 * secret. Everything else is {@code <redacted>}: PublicKey, Signature and SecurityToken, and {@code
 * Pod}, whose YAML carries inline secret files and pull-secret passwords (shown by length only),
 * and any field a future action adds. No OkHttp logging interceptor is installed: it could only log
 * bodies whole.
 */
final class WireLog {

  static final Logger LOG = LoggerFactory.getLogger("io.cubevk.adapter.ucloud.wire");

  /** Fields that identify or shape a request and never carry a secret (index suffixes aside). */
  private static final Set<String> SHOWN =
      Set.of(
          "Action",
          "Region",
          "Zone",
          "ProjectId",
          "CubeId",
          "CubeIds",
          "Uid",
          "Group",
          "Offset",
          "Limit",
          "VPCId",
          "SubnetId",
          "Name",
          "Tag",
          "CpuPlatform",
          "ChargeType",
          "Quantity",
          "ReleaseEIP",
          "ContainerName",
          "ResourceId",
          "ResourceType",
          "MetricName",
          "BeginTime",
          "EndTime",
          "EIPId",
          "FWId",
          "OperatorName",
          "Bandwidth",
          "PayMode",
          "ShareBandwidthId",
          "UDiskId",
          "UHostId");

  /** Fields shown by their size, so a log still tells a 3 KB document from a 3 MB one. */
  private static final Set<String> SIZE_ONLY = Set.of("Pod", "KubeConfig");

  private WireLog() {}

  static boolean enabled() {
    return LOG.isDebugEnabled();
  }

  /** The fields as they may be logged. */
  static String describe(Map<String, String> fields) {
    StringJoiner text = new StringJoiner(" ");
    fields.forEach(
        (key, value) -> {
          String base = baseName(key);
          if (SHOWN.contains(base)) {
            text.add(key + "=" + value);
          } else if (SIZE_ONLY.contains(base)) {
            text.add(key + "=<" + value.length() + " chars>");
          } else {
            text.add(key + "=" + Redactor.REDACTED);
          }
        });
    return text.toString();
  }

  /** {@code MetricName.0} → {@code MetricName}; {@code Rule.0.Port} → {@code Rule}. */
  private static String baseName(String key) {
    int dot = key.indexOf('.');
    return dot < 0 ? key : key.substring(0, dot);
  }
}
