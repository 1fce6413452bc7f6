package io.cubevk.adapter.fake.ucloudapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** UCloud's public signature test vectors (cube-api.md), checked by the server-side signer. */
class RequestSignatureTest {

  private static final String PUBLIC_KEY = "ucloudsomeone@example.com1296235120854146120";
  private static final String PRIVATE_KEY = "46f09bb9fab4f12dfc160dae12273d5332b5debe";

  @Test
  void signsTheVectorWithAnIntegerLimit() {
    assertThat(RequestSignature.sign(params("Limit", "10"), PRIVATE_KEY))
        .isEqualTo("cba5cf5ec4d4233d206b1b54951e3787350a642f");
  }

  @Test
  void signsTheVectorWithAWholeFloatSentWithoutItsTrailingZero() {
    assertThat(RequestSignature.sign(params("Proportion", "35"), PRIVATE_KEY))
        .isEqualTo("da620b97de476947302291fc93a2d8b0710be328");
  }

  @Test
  void signsTheVectorWithAFractionalFloat() {
    assertThat(RequestSignature.sign(params("Proportion", "65.722"), PRIVATE_KEY))
        .isEqualTo("5e39dd48144d6a075328e56a6c5e9df6c39ae939");
  }

  @Test
  void verifiesAMatchingSignatureAndRefusesAnyChangedValue() {
    Map<String, String> signed = params("Limit", "10");
    signed.put("Signature", "cba5cf5ec4d4233d206b1b54951e3787350a642f");

    assertThat(RequestSignature.verify(signed, PRIVATE_KEY)).isTrue();
    signed.put("Limit", "11");
    assertThat(RequestSignature.verify(signed, PRIVATE_KEY)).isFalse();
    signed.put("Limit", "10");
    assertThat(RequestSignature.verify(signed, "another-private-key")).isFalse();
  }

  @Test
  void theOrderInWhichParametersArriveDoesNotMatter() {
    Map<String, String> reversed = new LinkedHashMap<>();
    reversed.put("Region", "cn-bj2");
    reversed.put("PublicKey", PUBLIC_KEY);
    reversed.put("Limit", "10");
    reversed.put("Action", "DescribeUHostInstance");

    assertThat(RequestSignature.sign(reversed, PRIVATE_KEY))
        .isEqualTo("cba5cf5ec4d4233d206b1b54951e3787350a642f");
  }

  private static Map<String, String> params(String key, String value) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("Action", "DescribeUHostInstance");
    p.put("Region", "cn-bj2");
    p.put(key, value);
    p.put("PublicKey", PUBLIC_KEY);
    return p;
  }
}
