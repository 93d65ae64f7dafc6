package io.cronbeat.http;

/**
 * What the endpoint reads from its node: a snapshot, never a handle that changes anything.
 *
 * @param firingFailing the firing loop's last pass failed for want of the database, or its thread ended
 * @param claimFailing the dispatcher's last claim pass failed for want of the database, or its thread ended
 * @param stopping the node has begun to stop: it fires and claims nothing more
 * @param running attempts this node is running
 */
public record NodeStatus(String nodeId, boolean firingFailing, boolean claimFailing, boolean stopping, int running) {}
