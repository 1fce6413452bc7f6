package io.cubevk.domain.cube;

/**
 * How a Cube is paid for ({@code cube.ucloud.cn/cube-chargetype}): prepaid per year or month, or
 * per second after use.
 */
public enum ChargeType {
  YEAR("year", "Year"),
  MONTH("month", "Month"),
  POSTPAY("postpay", "Postpay");

  private final String annotationWord;
  private final String apiWord;

  ChargeType(String annotationWord, String apiWord) {
    this.annotationWord = annotationWord;
    this.apiWord = apiWord;
  }

  /** The word users write in the annotation. */
  public String annotationWord() {
    return annotationWord;
  }

  /** The word the UCloud API takes in {@code ChargeType}. */
  public String apiWord() {
    return apiWord;
  }
}
