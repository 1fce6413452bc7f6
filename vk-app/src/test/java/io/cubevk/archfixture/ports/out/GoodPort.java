package io.cubevk.archfixture.ports.out;

/** Good: a port is an interface over values. */
public interface GoodPort {
  GoodValue find(String id) throws GoodFailure;
}
