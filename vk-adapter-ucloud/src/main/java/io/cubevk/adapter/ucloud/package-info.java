/**
 * The real UCloud/Cube API client (Retrofit + Jackson over OkHttp) implementing the cloud
 * out-ports: request signing, the RetCode envelope, retries with backoff, paging and the EIP flow.
 * Everything the public documentation does not pin down is kept as a named assumption here.
 */
package io.cubevk.adapter.ucloud;
