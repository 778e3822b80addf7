package io.surge.catalog.images;

import io.surge.Infrastructure;
import io.surge.catalog.CatalogChanges;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.openapi.router.RouterBuilder;

/** Product images: upload, order, delete (admin), and serving renditions under /media. */
public final class ImageRoutes {

  private ImageRoutes() {
  }

  public static void mount(RouterBuilder api, Infrastructure infra, CatalogChanges changes) {
    // operations adminUploadImage, adminOrderImages, adminDeleteImage
  }

  public static void mountMedia(Router router, Infrastructure infra) {
    // GET /media/*
  }
}
