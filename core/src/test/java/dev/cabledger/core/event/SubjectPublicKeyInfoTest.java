package dev.cabledger.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SubjectPublicKeyInfoTest {

  @Test
  void equals_comparesTheBytesNotTheArray() {
    SubjectPublicKeyInfo a = new SubjectPublicKeyInfo(new byte[] {1, 2, 3});
    SubjectPublicKeyInfo same = new SubjectPublicKeyInfo(new byte[] {1, 2, 3});
    SubjectPublicKeyInfo other = new SubjectPublicKeyInfo(new byte[] {1, 2, 4});

    assertThat(a).isEqualTo(same).hasSameHashCodeAs(same).isNotEqualTo(other);
    assertThat(a.hashCode()).isNotEqualTo(other.hashCode());
  }

  @Test
  void der_isACopy() {
    byte[] der = {1, 2, 3};
    SubjectPublicKeyInfo key = new SubjectPublicKeyInfo(der);
    der[0] = 9;
    key.der()[1] = 9;

    assertThat(key.der()).containsExactly(1, 2, 3);
  }

  @Test
  void toString_showsTheKeyInBase64() {
    assertThat(new SubjectPublicKeyInfo(new byte[] {1, 2, 3}))
        .hasToString("SubjectPublicKeyInfo[AQID]");
  }

  @Test
  void empty_isRefused() {
    assertThatThrownBy(() -> new SubjectPublicKeyInfo(new byte[0]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void clientId_toString_isTheName() {
    assertThat(new ClientId("acme corp")).hasToString("acme corp");
  }
}
