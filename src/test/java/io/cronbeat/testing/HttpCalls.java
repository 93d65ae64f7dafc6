package io.cronbeat.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Requests to a node's HTTP endpoint on loopback, as a client would make them; and raw ones,
 * for the headers the JDK's client will not forge (a foreign {@code Host}).
 */
public final class HttpCalls {

  /** A status line's code and the body. */
  public record Answer(int status, String body) {
    public JsonNode json() {
      return JsonMapper.builder().build().readTree(body);
    }
  }

  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final int port;

  public HttpCalls(int port) {
    this.port = port;
  }

  /** A port nobody listens on now, for a node of a test to take. */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  public HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(20)).GET();
    if (headers.length > 0) {
      request.headers(headers);
    }
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  public Answer answer(String path, String... headers) throws IOException, InterruptedException {
    HttpResponse<String> response = get(path, headers);
    return new Answer(response.statusCode(), response.body());
  }

  /** Sends {@code head} (request line and headers, without the blank line) and {@code body} as they are. */
  public Answer raw(String head, String body) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
      socket.setSoTimeout(20_000);
      OutputStream out = socket.getOutputStream();
      byte[] content = body.getBytes(StandardCharsets.UTF_8);
      out.write((head + "\r\nConnection: close\r\n"
          + (content.length > 0 ? "Content-Length: " + content.length + "\r\n" : "") + "\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.write(content);
      out.flush();
      InputStream in = socket.getInputStream();
      String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      int status = Integer.parseInt(response.substring(9, 12));
      int split = response.indexOf("\r\n\r\n");
      return new Answer(status, split < 0 ? "" : response.substring(split + 4));
    }
  }
}
