package io.cubevk.ports.out.cloud;

/**
 * An elastic IP.
 *
 * @param id the EIP id ({@code eip-…})
 * @param address its public address
 */
public record ElasticIp(String id, String address) {}
