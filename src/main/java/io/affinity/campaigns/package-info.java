/**
 * Campaigns: an offer to a segment's members over a window, with a holdout assigned by a salted hash, the treated
 * list exported, and the lift of conversion, clicks and revenue measured treated against holdout with confidence
 * intervals. Owns the tables campaign and campaign_member; reads segments' membership and features' customer events
 * through the views they publish.
 */
package io.affinity.campaigns;
