package io.cubevk.adapter.ucloud;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The JSON answers of the UCloud actions the adapter calls, field names as UCloud's published SDK
 * models give them (cube-api.md). Jackson stays here, in the adapter; {@code *Mapper}s turn these
 * into domain values. Unknown fields are ignored (the service adds fields over time); missing ones
 * are {@code null} and the mappers say which field of which action was missing.
 */
final class UCloudWire {

  private UCloudWire() {}

  /** What every answer carries: RetCode (a number, or a string of one), Action and Message. */
  interface Envelope {
    /** 0 on success; {@code null} only in an answer that is not UCloud's envelope. */
    Integer retCode();

    /** The action name + {@code Response}. */
    String action();

    /** The cloud's explanation of a non-zero RetCode. */
    String message();
  }

  /** The answer of actions that return nothing besides the envelope. */
  record Plain(
      @JsonProperty("RetCode") Integer retCode,
      @JsonProperty("Action") String action,
      @JsonProperty("Message") String message)
      implements Envelope {}

  /** CreateCubePod, GetCubePod, RenewCubePod: the stored document, base64 YAML. */
  record CubePod(
      @JsonProperty("RetCode") Integer retCode,
      @JsonProperty("Action") String action,
      @JsonProperty("Message") String message,
      @JsonProperty("CubeId") String cubeId,
      @JsonProperty("Pod") String pod)
      implements Envelope {}

  /** One ListCubePod page. */
  record CubePodPage(
      @JsonProperty("RetCode") Integer retCode,
      @JsonProperty("Action") String action,
      @JsonProperty("Message") String message,
      @JsonProperty("TotalCount") Integer totalCount,
      @JsonProperty("Pods") List<String> pods)
      implements Envelope {}

  record ExtendInfoList(
      @JsonProperty("RetCode") Integer retCode,
      @JsonProperty("Action") String action,
      @JsonProperty("Message") String message,
      @JsonProperty("ExtendInfo") List<ExtendInfo> extendInfo)
      implements Envelope {}

  record ExtendInfo(
      @JsonProperty("CubeId") String cubeId,
      @JsonProperty("Name") String name,
      @JsonProperty("Tag") String tag,
      @JsonProperty("Expiration") Long expiration,
      @JsonProperty("Eip") List<Eip> eip) {}

  record Eip(
      @JsonProperty("EIPId") String eipId,
      @JsonProperty("EIPAddr") List<EipAddr> eipAddr,
      @JsonProperty("Bandwidth") Integer bandwidth,
      @JsonProperty("BandwidthType") Integer bandwidthType,
      @JsonProperty("PayMode") String payMode,
      @JsonProperty("Status") String status) {}

  record EipAddr(
      @JsonProperty("IP") String ip, @JsonProperty("OperatorName") String operatorName) {}

  record ExecToken(
      @JsonProperty("RetCode") Integer retCode,
      @JsonProperty("Action") String action,
      @JsonProperty("Message") String message,
      @JsonProperty("Token") String token,
      @JsonProperty("TerminalUrl") String terminalUrl)
      implements Envelope {

    @Override
    public String toString() {
      // The token and the single-sign-on URL open a shell in the Cube: never printed.
      return "ExecToken{retCode=" + retCode + ", action=" + action + ", message=" + message + "}";
    }
  }

  record Metrics(
      @JsonProperty("RetCode") Integer retCode,
      @JsonProperty("Action") String action,
      @JsonProperty("Message") String message,
      @JsonProperty("DataSets") List<DataSet> dataSets)
      implements Envelope {}

  record DataSet(
      @JsonProperty("MetricName") String metricName,
      @JsonProperty("Values") List<MetricValue> values) {}

  record MetricValue(
      @JsonProperty("Value") Double value, @JsonProperty("Timestamp") Long timestamp) {}

  record AllocatedEips(
      @JsonProperty("RetCode") Integer retCode,
      @JsonProperty("Action") String action,
      @JsonProperty("Message") String message,
      @JsonProperty("EIPSet") List<AllocatedEip> eipSet)
      implements Envelope {}

  record AllocatedEip(
      @JsonProperty("EIPId") String eipId, @JsonProperty("EIPAddr") List<EipAddr> eipAddr) {}

  record UDisks(
      @JsonProperty("RetCode") Integer retCode,
      @JsonProperty("Action") String action,
      @JsonProperty("Message") String message,
      @JsonProperty("DataSet") List<UDisk> dataSet)
      implements Envelope {}

  record UDisk(
      @JsonProperty("UDiskId") String uDiskId,
      @JsonProperty("Status") String status,
      @JsonProperty("UHostId") String uHostId) {}
}
