package io.affinity.dashboard;

import io.quarkus.qute.TemplateGlobal;
import java.util.List;

/** The dashboard's sections, in the layout's navigation; each page names its own as {@code active}. */
public final class Navigation {

    private Navigation() {}

    public record Item(String id, String path, String label) {}

    @TemplateGlobal
    static final List<Item> navigation = List.of(
            new Item("ingestion", "/", "Ingestion"),
            new Item("segments", "/segments", "Segments"),
            new Item("campaigns", "/campaigns", "Campaigns"),
            new Item("models", "/models", "Models"),
            new Item("customers", "/customers", "Customers"));
}
