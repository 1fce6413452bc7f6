package io.cubevk.archfixture.ports.out;

/** Bad: an implementation inside a port package. */
public class ConcreteCloud implements GoodPort {
  @Override
  public GoodValue find(String id) {
    return new GoodValue(id);
  }
}
