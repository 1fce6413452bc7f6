package io.cubevk.archfixture.ports.out;

/** Good: a port failure. */
public class GoodFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;
}
