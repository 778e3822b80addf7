package io.surge.dev;

import java.util.List;

/** Word lists for the demo catalog; a few accented words so accent folding has something to fold. */
final class DemoWords {

  private DemoWords() {
  }

  record Leaf(String slug, String name, List<String> nouns, List<String> materials, List<String> sizes,
    int minPrice, int maxPrice) {
  }

  record Root(String slug, String name, List<String> brands, List<Leaf> leaves) {
  }

  private static final List<String> CLOTHING_SIZES = List.of("XS", "S", "M", "L", "XL");

  static final List<Root> ROOTS = List.of(
    new Root("clothing", "Clothing",
      List.of("Orla & Finch", "Atelier Sève", "Northwind", "Mistral", "Tidewell", "Paloma"),
      List.of(
        new Leaf("shirts", "Shirts", List.of("Shirt", "Blouse", "Polo", "Overshirt", "Henley"),
          List.of("Linen", "Cotton", "Oxford", "Flannel", "Silk", "Chambray"), CLOTHING_SIZES, 1900, 9000),
        new Leaf("trousers", "Trousers", List.of("Chinos", "Trousers", "Jeans", "Joggers", "Shorts"),
          List.of("Cotton", "Denim", "Wool", "Corduroy", "Linen"), List.of("28", "30", "32", "34", "36"), 2900, 12000),
        new Leaf("shoes", "Shoes", List.of("Sneakers", "Loafers", "Boots", "Sandals", "Espadrilles"),
          List.of("Leather", "Suede", "Canvas", "Nubuck"), List.of("38", "39", "40", "41", "42", "43", "44", "45"),
          3900, 19000),
        new Leaf("jackets", "Jackets", List.of("Jacket", "Parka", "Blazer", "Raincoat", "Gilet"),
          List.of("Wool", "Waxed Cotton", "Tweed", "Nylon", "Corduroy"), CLOTHING_SIZES, 5900, 29000))),
    new Root("home", "Home",
      List.of("Maison Lumière", "Kødal", "Ironbark", "Bramble House", "Casa Nórdica"),
      List.of(
        new Leaf("kitchen", "Kitchen", List.of("Skillet", "Saucepan", "Teapot", "Chef Knife", "Chopping Board",
          "Espresso Cups", "Crème Brûlée Dish"),
          List.of("Cast Iron", "Stainless Steel", "Ceramic", "Oak", "Copper", "Porcelain"), List.of(), 900, 15000),
        new Leaf("lighting", "Lighting", List.of("Table Lamp", "Pendant Light", "Lantern", "Floor Lamp", "Wall Sconce"),
          List.of("Brass", "Glass", "Rattan", "Concrete", "Opal"), List.of(), 2500, 25000),
        new Leaf("bedding", "Bedding", List.of("Duvet Cover", "Pillowcase", "Throw", "Quilt", "Fitted Sheet"),
          List.of("Linen", "Cotton Sateen", "Merino", "Velvet", "Percale"), List.of("Single", "Double", "King"),
          1500, 18000))),
    new Root("electronics", "Electronics",
      List.of("Voltaic", "Sonora", "Arcwave", "Lumen Labs"),
      List.of(
        new Leaf("audio", "Audio", List.of("Headphones", "Earbuds", "Speaker", "Turntable", "Soundbar"),
          List.of("Walnut", "Aluminium", "Matte Black", "Studio"), List.of(), 2900, 49000),
        new Leaf("phones", "Phones", List.of("Phone Case", "Charger", "Power Bank", "Screen Protector", "Phone Stand"),
          List.of("Silicone", "Leather", "Aluminium", "Recycled Plastic"), List.of(), 900, 9000))));

  static final List<String> ADJECTIVES = List.of("Classic", "Rustic", "Nordic", "Café", "Crème", "Everyday",
    "Vintage", "Urban", "Coastal", "Alpine", "Parisian", "Bohème", "Essential", "Heritage", "Soft", "Breezy",
    "Weekend", "Atelier", "Éclat", "Riviera");

  static final List<String> MODELS = List.of("Bastide", "Orla", "Hugo", "Marlow", "Sølvi", "Juniper", "Corsica",
    "Amélie", "Tavira", "Kestrel", "Lisbon", "Ember");

  static final List<String> COLOURS = List.of("black", "white", "navy", "olive", "red", "blue", "grey", "sand",
    "terracotta", "green", "ivory", "mustard");

  static final List<String> PHRASES = List.of("Cut for everyday wear.", "Made to last for years.",
    "Softens with every wash.", "Designed in Lisbon, made in Portugal.", "Pairs well with a café au lait.",
    "A quiet classic for any season.", "Packed in recycled paper.", "Backed by a two-year guarantee.",
    "Easy to care for.", "A favourite of our customers.", "Small-batch production.", "Finished by hand.");
}
