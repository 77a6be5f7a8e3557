package dev.ketch.apiserver.http;

/**
 * A request as read off the network, before decoding and authentication: what the event loop
 * hands to the request's virtual thread.
 *
 * @param method the HTTP method
 * @param uri the request target as sent (path and query)
 * @param headers the header fields, without HTTP/2's internal extension fields
 * @param body the body, copied out of the network buffers
 * @param connection the connection it came over
 */
record IncomingRequest(String method, String uri, Headers headers, byte[] body, ConnectionInfo connection) {}
