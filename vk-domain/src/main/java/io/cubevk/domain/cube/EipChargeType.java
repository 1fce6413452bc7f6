package io.cubevk.domain.cube;

/**
 * How an EIP is paid for ({@code cube.ucloud.cn/cube-eip-chargetype}); a postpaid Cube's EIP is
 * paid {@link #DYNAMIC} (per hour).
 */
public enum EipChargeType {
  YEAR("year", "Year"),
  MONTH("month", "Month"),
  DYNAMIC("dynamic", "Dynamic");

  private final String annotationWord;
  private final String apiWord;

  EipChargeType(String annotationWord, String apiWord) {
    this.annotationWord = annotationWord;
    this.apiWord = apiWord;
  }

  public String annotationWord() {
    return annotationWord;
  }

  /** The word UNet's AllocateEIP takes in {@code ChargeType}. */
  public String apiWord() {
    return apiWord;
  }
}
