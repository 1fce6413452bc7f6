package io.cubevk.domain.cube;

/** How an EIP's traffic is billed ({@code cube.ucloud.cn/cube-eip-paymode}). */
public enum EipPayMode {
  TRAFFIC("traffic", "Traffic"),
  BANDWIDTH("bandwidth", "Bandwidth"),
  SHARE_BANDWIDTH("sharebandwidth", "ShareBandwidth");

  private final String annotationWord;
  private final String apiWord;

  EipPayMode(String annotationWord, String apiWord) {
    this.annotationWord = annotationWord;
    this.apiWord = apiWord;
  }

  public String annotationWord() {
    return annotationWord;
  }

  /** The word UNet's AllocateEIP takes in {@code PayMode}. */
  public String apiWord() {
    return apiWord;
  }
}
